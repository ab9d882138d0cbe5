import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import { claim, receiptOf } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import { shanghaiDate } from '../domain/calendar';
import { addWorkdays } from '../domain/workdays';
import { sha256Hex } from '../domain/draw/canonical';
import { drawNumber, drawPolicyFor, ratioBp, type DrawPolicy } from '../domain/draw/policy';
import { reasonText } from '../domain/draw/texts';
import { competent } from '../domain/draw/match';
import { understaffed } from '../domain/draw/v2/draw';
import { proposeV2 } from '../domain/draw/v2/record';
import { ALGORITHM_V2, checkInputs, type InputsV2 } from '../domain/draw/v2/schema';
import { DomainError } from '../domain/errors';
import { ratioSchema } from '../domain/plan-template';
import { appendAudit } from './audit';
import {
  loadDraw,
  receiptKey,
  requireDraw,
  summarise,
  type DrawSummary,
  type Transition,
} from './draw-store';
import { writeParts } from './draw-parts';
import { roundStatus } from './draw-rounds';
import { publishAttempt } from './draw-publication';
import { attemptKey, attemptOf, claimAttempt, openAttemptText } from './draw-attempts';
import { conflictIndex, officerList } from './draw-snapshot';
import { currentPool } from './pool-snapshots';
import { markDraw } from './period-marks';

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

const SYSTEM = 'system:draw';

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
  const drawDate = shanghaiDate(now);
  const deadline = lateDeadline(drawDate, plannedRound);
  const [{ pool, json, chunks, addressChunks, problem: snapshotProblem }, { officers, excluded }] =
    await Promise.all([
      // The item's snapshot (src/services/pool-snapshots.ts): read, hashed as stored, cited by the draw.
      currentPool(models, itemCode),
      officerList(models, { from: drawDate, to: deadline }),
    ]);
  const base: Omit<InputsV2, 'recusalDigests'> = {
    algorithm: ALGORITHM_V2,
    drawNo,
    itemCode,
    round,
    drawDate,
    unit: item.section.unit,
    ratio: ratioBp(ratio.data),
    stratify: policy.stratify,
    excludeWithinDays: policy.excludeWithinDays,
    inspectorsPerTask: policy.inspectorsPerTask,
    allowOtherUnits: policy.allowOtherUnits,
    pool,
    officers: officers.map(({ conflicts: _c, ...o }) => o),
  };
  // The digests are made only once the inputs pass: one placeholder string stands for each here.
  const placeholder = '0'.repeat(64);
  // The snapshot's entries were checked when it was built (unless it predates that): not again.
  const problem =
    snapshotProblem ??
    checkInputs(
      { ...base, recusalDigests: pool.map(() => placeholder) },
      { poolChecked: snapshotProblem === null },
    );
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
  const proposal = proposeV2(base, secret, recusalKey, conflictsOf, json);
  const short = proposal.plan.ok ? understaffed(proposal.inputs, conflictsOf) : [];
  const failure = !proposal.plan.ok
    ? reasonText(proposal.plan.reason)
    : short.length > 0
      ? reasonText({ code: 'RECUSAL_PRECHECK', count: short.length, needed: policy.inspectorsPerTask })
      : null;

  const writer = sha256Hex(random(16)).slice(0, 16);
  const inPool = new Set(pool.map((t) => t.creditCode));
  const parts = {
    // The pool (with its addresses, for the task cards) is the snapshot's chunks, cited: not copied.
    pool: 0,
    officers: await writeParts(models, drawNo, writer, 'officers', base.officers),
    conflicts: await writeParts(
      models,
      drawNo,
      writer,
      'conflicts',
      conflicts.filter(([c]) => inPool.has(c)),
    ),
    poolAddresses: 0,
    selections: 0,
    addresses: 0,
  };
  const { pool: _p, officers: _o, ...rest } = base;
  // The year's readers find the attempt by this mark (period-marks.ts): marked before it exists.
  await markDraw(models, { drawNo, year, itemCode, round });
  try {
    await models.Draw.create({
      _id: drawNo,
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
      poolChunks: chunks,
      poolAddressChunks: addressChunks,
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
      deadline,
      // Only those the rule would have matched: an officer of another unit was never in question.
      excluded: excluded
        .filter((e) => competent(e, base))
        .map(({ key, name, reason }) => ({ key, name, reason })),
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
        // Why officers were left out (published with the attempt); chained here so it cannot change later.
        excluded: stored.excluded ?? [],
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

function cleanPolicy(p: unknown): Partial<DrawPolicy> {
  if (!p || typeof p !== 'object') return {};
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== undefined));
}

export { openAttemptText, reserveAttempt, releaseAttempt } from './draw-attempts';
export { conflictIndex } from './draw-snapshot';
