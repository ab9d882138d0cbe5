import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import type { DrawStatus } from '../adapters/db/models/draw';
import { claim, receiptOf } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import { shanghaiDate } from '../domain/calendar';
import { addWorkdays } from '../domain/workdays';
import { sha256Hex, sortedBy } from '../domain/draw/canonical';
import { drawNumber, drawPolicyFor, ratioBp, type DrawPolicy } from '../domain/draw/policy';
import { reasonText } from '../domain/draw/texts';
import { understaffed } from '../domain/draw/v2/draw';
import { proposeV2 } from '../domain/draw/v2/record';
import { ALGORITHM_V2, checkInputs, type InputsV2 } from '../domain/draw/v2/schema';
import { DomainError } from '../domain/errors';
import { ratioSchema } from '../domain/plan-template';
import { appendAudit } from './audit';
import {
  LIVE,
  loadDraw,
  receiptKey,
  requireDraw,
  STATUS_LABELS,
  summarise,
  transitions,
  writeParts,
  type DrawSummary,
  type Transition,
} from './draw-store';
import { roundStatus } from './draw-rounds';
import { publishAttempt } from './draw-publication';

export interface ProposeInput {
  year: number;
  itemCode: string;
  round: number;
  actor: string;
  now: Date;
  /** The event or card action that asked; a re-delivery gets the same attempt back. */
  idempotencyKey?: string;
  /** Randomness, injected: the server's secret and recusal key. */
  randomBytes?: (size: number) => Buffer;
}

/**
 * A new attempt, proposed (`ok`); or not: the attempt was made and published but cannot be drawn
 * (`draw` is that failed attempt), or another attempt of the round is still open (`live`).
 */
export type ProposeOutcome =
  { ok: true; draw: DrawSummary } | { ok: false; reason: string; draw: DrawSummary; live: boolean };

/** Working days a late draw's tasks get at least, when the plan's deadline has passed or is too near. */
export const LATE_DRAW_WORKDAYS = 20;

/**
 * The tasks' deadline: the plan's; for a round drawn after its draw-by date, at least
 * `LATE_DRAW_WORKDAYS` working days after the draw (a late draw must not create tasks already overdue).
 */
export function lateDeadline(drawDate: string, round: { drawBy: string; deadline: string }): string {
  if (drawDate <= round.drawBy) return round.deadline;
  const least = addWorkdays(drawDate, LATE_DRAW_WORKDAYS);
  return least > round.deadline ? least : round.deadline;
}

/** How long a claimed attempt number may stay without its draw before another proposal takes it over (a crash). */
const STALE_CLAIM_MS = 2 * 60_000;
const SYSTEM = 'system:draw';
/** How long a proposal waits for a concurrent one's attempt to be stored before answering "try again". */
const IN_FLIGHT_WAIT_MS = 3_000;

/**
 * Proposes a DRAW-2 attempt at one round of an item: snapshots the pool and the officers, commits to
 * a fresh secret, and stores and publishes the inputs, their hashes, the commitment and the plan —
 * no selection: that exists only once the attempt is approved (docs/draw-algorithm.md §2). One attempt
 * per round is open at a time; attempts are numbered without gaps, and every one is published.
 */
export async function proposeDraw(models: Models, input: ProposeInput): Promise<ProposeOutcome> {
  const { year, itemCode, round, actor, now } = input;
  const proposeKey = `propose:${input.idempotencyKey ?? sha256Hex(cryptoRandomBytes(16))}`;
  const earlier = await receiptOf(models, proposeKey);
  const earlierNo = (earlier?.result as { drawNo?: string } | null)?.drawNo;
  if (earlierNo) {
    const done = await loadDraw(models, earlierNo);
    if (done) return outcome(await summarise(models, done), false);
  }

  const item = await models.Item.findOne({ code: itemCode }).lean();
  if (!item) throw new DomainError('NO_ITEM', `没有编号为 ${itemCode} 的抽查事项`);
  const plan = await models.AnnualPlan.findOne({ year }).lean();
  const planned = plan?.items.find((i) => i.itemCode === itemCode);
  if (!planned) throw new DomainError('NO_PLAN', `${year} 年度计划中没有“${item.name}”，请先载入该年度计划`);
  const plannedRound = planned.rounds.find((r) => r.round === round);
  if (!plannedRound)
    throw new DomainError(
      'NO_ROUND',
      `“${item.name}”${year} 年只有第 ${planned.rounds.map((r) => r.round).join('、')} 轮（${item.frequencyText}），没有第 ${round} 轮`,
    );
  const settled = await roundStatus(models, year, itemCode, round);
  if (settled?.kind === 'drawn')
    throw new DomainError(
      'ROUND_TAKEN',
      `“${item.name}”${year} 年第 ${round} 轮已批准抽取 ${settled.drawNo}，不能再抽`,
    );
  if (settled?.kind === 'waived')
    throw new DomainError(
      'ROUND_WAIVED',
      `“${item.name}”${year} 年第 ${round} 轮已免于抽查（${settled.waiver.reason}），不能再抽`,
    );
  // The round's year decides its ratio (a late round of last year keeps last year's plan), and stored
  // documents are a boundary too: a hand-edited ratio is caught here, not deep in the engine.
  const ratio = ratioSchema.safeParse(planned.ratio);
  if (!ratio.success)
    throw new DomainError('BAD_ITEM', `事项“${item.name}”的抽查比例数据有误，请重新载入计划`);

  const numberOf = (attempt: number) => drawNumber(year, item.seq, round, attempt);
  const slot = earlierNo
    ? { attempt: attemptOf(earlierNo) }
    : await claimAttempt(models, { year, itemCode, round, numberOf }, proposeKey, now);
  if ('live' in slot) {
    const live = (await loadDraw(models, slot.live))!;
    const summary = await summarise(models, live);
    return {
      ok: false,
      live: true,
      draw: summary,
      reason: openAttemptText(item.name, year, round, slot.live, summary.status),
    };
  }
  const drawNo = numberOf(slot.attempt);
  if (!earlierNo && !(await claim(models, proposeKey, 'propose', now, { drawNo })))
    return proposeDraw(models, input); // the same request is being handled elsewhere: its attempt is the answer

  const policy = drawPolicyFor(
    { ratio: ratio.data, frequencyPerYear: planned.frequencyPerYear },
    cleanPolicy(item.drawPolicy),
  );
  const [{ pool, addresses }, officers] = await Promise.all([
    poolSnapshot(models, itemCode),
    officerList(models),
  ]);
  const base: Omit<InputsV2, 'recusalDigests'> = {
    algorithm: ALGORITHM_V2,
    drawNo,
    itemCode,
    round,
    drawDate: shanghaiDate(now),
    unit: item.section.unit,
    ratio: ratioBp(ratio.data),
    stratify: policy.stratify,
    excludeWithinDays: policy.excludeWithinDays,
    inspectorsPerTask: policy.inspectorsPerTask,
    allowOtherUnits: policy.allowOtherUnits,
    pool,
    officers: officers.map(({ conflicts: _c, ...o }) => o),
  };
  const problem = checkInputs({ ...base, recusalDigests: pool.map(() => '0'.repeat(64)) });
  if (problem) {
    // Not an attempt: the data cannot make one. The number and the request are freed for the retry.
    await models.Receipt.deleteMany({
      _id: { $in: [proposeKey, attemptKey(year, itemCode, round, slot.attempt)] },
    });
    throw new DomainError(
      'BAD_DATA',
      `名录数据不符合抽取要求（${problem.path}：${problem.message}），请修正后再抽取`,
    );
  }

  const conflicts = officers.flatMap((o) => o.conflicts.map((code) => [code, o.key] as [string, string]));
  const conflictsOf = conflictIndex(conflicts);
  const random = input.randomBytes ?? cryptoRandomBytes;
  const secret = random(32).toString('hex');
  const recusalKey = random(32).toString('hex');
  const proposal = proposeV2(base, secret, recusalKey, conflictsOf);
  const short = proposal.plan.ok ? understaffed(proposal.inputs, conflictsOf) : [];
  const failure = !proposal.plan.ok
    ? reasonText(proposal.plan.reason)
    : short.length > 0
      ? reasonText({ code: 'RECUSAL_PRECHECK', count: short.length, needed: policy.inspectorsPerTask })
      : null;

  const writer = sha256Hex(random(16)).slice(0, 16);
  const inPool = new Set(pool.map((t) => t.creditCode));
  const parts = {
    pool: await writeParts(models, drawNo, writer, 'pool', pool),
    officers: await writeParts(models, drawNo, writer, 'officers', base.officers),
    conflicts: await writeParts(
      models,
      drawNo,
      writer,
      'conflicts',
      conflicts.filter(([c]) => inPool.has(c)),
    ),
    // The task cards' addresses, read with the snapshot: the selection needs no query of its own later.
    poolAddresses: await writeParts(models, drawNo, writer, 'pool-addresses', addresses),
    selections: 0,
    addresses: 0,
  };
  const { pool: _p, officers: _o, ...rest } = base;
  try {
    await models.Draw.create({
      drawNo,
      year,
      itemCode,
      itemName: item.name,
      round,
      attempt: slot.attempt,
      status: failure ? 'failed' : 'proposed',
      algorithmVersion: ALGORITHM_V2,
      inputs: rest,
      writer,
      parts,
      seedCommitment: proposal.secretCommitment,
      secret,
      recusalKey,
      commitment: proposal.commitment,
      plan: proposal.plan,
      hashes: proposal.hashes,
      poolSize: pool.length,
      count: proposal.plan.ok ? proposal.plan.strata.reduce((n, s) => n + s.count, 0) : 0,
      strata: [],
      notes: [],
      // A round drawn after its draw-by date (逾期抽取): its tasks still get a workable time to inspect.
      late: base.drawDate > plannedRound.drawBy,
      deadline: lateDeadline(base.drawDate, plannedRound),
      proposedBy: actor,
      createdBy: actor,
      updatedBy: actor,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    // A retry of a crashed proposal raced another retry: the first stored attempt stands; ours is dropped.
    if (!asDuplicateError(err, 'draws')) throw err;
    await models.DrawPart.deleteMany({ drawNo, writer });
  }
  const stored = (await loadDraw(models, drawNo))!;
  await appendAudit(
    models,
    {
      actor,
      action: 'draw.proposed',
      subject: drawNo,
      details: {
        itemCode,
        round,
        algorithm: ALGORITHM_V2,
        poolSize: stored.poolSize,
        count: stored.count,
        secretCommitment: stored.seedCommitment,
        commitment: stored.commitment,
        hashes: stored.hashes,
      },
      key: `draw:${drawNo}:proposed`,
    },
    now,
  );
  if (stored.status === 'failed') await failAttempt(models, drawNo, failure ?? '无法抽取', now);
  await publishAttempt(models, drawNo, actor, now);
  return outcome(await summarise(models, stored), false);
}

/** A failed attempt's end: the `decide` receipt (so nothing else can happen to it), audited with its revealed secret. */
async function failAttempt(models: Models, drawNo: string, reason: string, now: Date): Promise<void> {
  const t: Transition = { to: 'failed', actor: SYSTEM, at: now.toISOString(), reason };
  const key = receiptKey(drawNo, 'decide');
  await claim(models, key, 'draw-transition', now, t);
  const done = (await receiptOf(models, key))!.result as Transition;
  const { secret } = await requireDraw(models, drawNo, true);
  await appendAudit(
    models,
    {
      actor: done.actor,
      action: `draw.${done.to}`,
      subject: drawNo,
      details: { reason: done.reason, secret },
      key,
    },
    new Date(done.at),
  );
}

function outcome(draw: DrawSummary, live: boolean): ProposeOutcome {
  return draw.status === 'failed'
    ? { ok: false, reason: draw.failure ?? '无法抽取', draw, live }
    : { ok: true, draw };
}

const attemptOf = (drawNo: string) => Number(drawNo.slice(drawNo.lastIndexOf('-') + 1));
const attemptKey = (year: number, itemCode: string, round: number, n: number) =>
  `attempt:${year}:${itemCode}:${round}:${n}`;

/** Why a round cannot be proposed again while `drawNo` is open, and what to do. */
export const openAttemptText = (
  itemName: string,
  year: number,
  round: number,
  drawNo: string,
  status: DrawStatus,
) =>
  `“${itemName}”${year} 年第 ${round} 轮已有进行中的抽取 ${drawNo}（${STATUS_LABELS[status]}）。如需重新抽取，请先在该抽取的卡片上填写理由并取消。`;

/** A round, and how its attempts are numbered (the item's 序号 is part of the number). */
interface RoundRef {
  year: number;
  itemCode: string;
  round: number;
  numberOf: (n: number) => string;
}

/**
 * Reserves the round's next attempt for a request before its proposal runs in the background (quick:
 * no pool is read), so that clicking again finds it: the round's open attempt (`live`), a proposal
 * another request is making (`inFlight`), or this request's number (`reserved`; `proposeDraw` with the
 * same idempotency key takes it up). A reservation whose proposal is refused is released.
 */
export async function reserveAttempt(
  models: Models,
  r: RoundRef,
  idempotencyKey: string,
  now: Date,
): Promise<{ live: string } | { inFlight: true } | { reserved: number }> {
  try {
    const slot = await claimAttempt(models, r, `propose:${idempotencyKey}`, now, false);
    return 'live' in slot ? slot : { reserved: slot.attempt };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'ATTEMPT_IN_FLIGHT') return { inFlight: true };
    throw err;
  }
}

/** Frees a reservation whose proposal the rules refused (no attempt was made). */
export async function releaseAttempt(
  models: Models,
  r: { year: number; itemCode: string; round: number; attempt: number },
  idempotencyKey: string,
): Promise<void> {
  await models.Receipt.deleteOne({
    _id: attemptKey(r.year, r.itemCode, r.round, r.attempt),
    'result.by': `propose:${idempotencyKey}`,
  });
}

/**
 * The next attempt number of a round, claimed for this request — or the round's open attempt, which
 * must end first. The claim of number n is where concurrent proposals meet: one wins it, the others
 * find it taken and then find the attempt open. A number claimed by a proposal that crashed before
 * storing its attempt is taken over after `STALE_CLAIM_MS`, so numbers have no gaps.
 */
async function claimAttempt(
  models: Models,
  r: RoundRef,
  proposeKey: string,
  now: Date,
  wait = true,
): Promise<{ attempt: number } | { live: string }> {
  for (let tries = 0; tries < 10; tries++) {
    const latest = await models.Draw.findOne(
      { year: r.year, itemCode: r.itemCode, round: r.round },
      { drawNo: 1, attempt: 1 },
    )
      .sort({ attempt: -1 })
      .lean();
    if (latest && LIVE.includes((await transitions(models, latest.drawNo)).status))
      return { live: latest.drawNo };
    const n = (latest?.attempt ?? 0) + 1;
    const key = attemptKey(r.year, r.itemCode, r.round, n);
    if (await claim(models, key, 'draw-attempt', now, { by: proposeKey })) return { attempt: n };
    const held = await receiptOf(models, key);
    const by = (held?.result as { by?: string } | null)?.by;
    if (by === proposeKey) return { attempt: n };
    if (!held || (await attemptStored(models, r.numberOf(n), wait))) continue; // it exists now: look again
    if (now.getTime() - new Date(held.at).getTime() < STALE_CLAIM_MS)
      throw new DomainError('ATTEMPT_IN_FLIGHT', '本轮有一次抽取正在发起，请稍候再试');
    await models.Receipt.deleteOne({ _id: key, 'result.by': by });
  }
  throw new Error(`could not claim an attempt of ${r.year}-${r.itemCode}-R${r.round}`);
}

/**
 * Whether another request's attempt is stored, waiting a moment for one being proposed right now (two
 * clicks at once: the second is then shown the first's attempt rather than told to try again).
 */
async function attemptStored(models: Models, drawNo: string, wait: boolean): Promise<boolean> {
  for (let waited = 0; wait && waited < IN_FLIGHT_WAIT_MS; waited += 100) {
    if (await loadDraw(models, drawNo)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (await loadDraw(models, drawNo)) !== null;
}

function cleanPolicy(p: unknown): Partial<DrawPolicy> {
  if (!p || typeof p !== 'object') return {};
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== undefined));
}

/** Officer keys by credit code, for the recusal digests and the check that every target can be staffed. */
export function conflictIndex(pairs: readonly (readonly [string, string])[]) {
  const byCode = new Map<string, string[]>();
  for (const [code, key] of pairs) (byCode.get(code) ?? byCode.set(code, []).get(code)!).push(key);
  const none: string[] = [];
  return (code: string): readonly string[] => byCode.get(code) ?? none;
}

const sortedSet = (list: readonly string[]) => sortedBy([...new Set(list)], (s) => s);

/**
 * The item's pool as DRAW-2 reads it, in credit-code order (UTF-16 code units, not the database's
 * collation), and each target's address in the same order (not an input of the draw: for the task cards).
 */
async function poolSnapshot(models: Models, itemCode: string) {
  const found = await models.Target.find(
    { itemCodes: itemCode },
    { _id: 0, creditCode: 1, name: 1, address: 1, creditLevel: 1, status: 1, lastInspections: 1 },
  ).lean();
  const rows = sortedBy(found, (t) => t.creditCode);
  const pool: InputsV2['pool'] = rows.map((t) => {
    const last = t.lastInspections.find((l) => l.itemCode === itemCode);
    return {
      creditCode: t.creditCode,
      name: t.name,
      creditLevel: t.creditLevel!,
      status: t.status!,
      lastInspected: last?.date ?? null,
      lastInspectors: sortedSet(last?.inspectorKeys ?? []),
    };
  });
  return { pool, addresses: rows.map((t) => t.address ?? '') };
}

/** Every officer of the 执法检查人员名录库 in key order, with their declared conflicts (kept private). */
async function officerList(models: Models) {
  const people = await models.Person.find(
    { roles: 'inspector' },
    { _id: 0, key: 1, name: 1, unitName: 1, active: 1, areas: 1, conflicts: 1 },
  ).lean();
  return sortedBy(
    people.map((p) => ({
      key: p.key,
      name: p.name,
      unitName: p.unitName,
      active: p.active ?? true,
      areas: sortedSet(p.areas),
      conflicts: sortedSet(p.conflicts),
    })),
    (o) => o.key,
  );
}
