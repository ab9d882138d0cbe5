import { namesOf } from './names';
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import type { DrawStatus } from '../adapters/db/models/draw';
import { allocateSeq, claim, receiptOf } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import { shanghaiDate } from '../domain/calendar';
import { canonicalJson, sha256Hex } from '../domain/draw/canonical';
import {
  ALGORITHM_VERSION,
  runDraw,
  type DrawInputs,
  type DrawResult,
  type OfficerEntry,
  type PoolEntry,
  type Selection,
} from '../domain/draw/engine';
import { drawNumber, drawPolicyFor, ratioBp, taskNumber, type DrawPolicy } from '../domain/draw/policy';
import {
  hashInputs,
  RECORD_FORMAT,
  seedCommitment,
  type DrawHashes,
  type DrawRecord,
} from '../domain/draw/record';
import { DomainError } from '../domain/errors';
import type { Stratum } from '../domain/draw/core';
import { ratioSchema, type Ratio } from '../domain/plan-template';
import { publishDraw } from './publications';
import { appendAudit } from './audit';

/**
 * Draws as stored: proposed → submitted → approved → dispatched, or rejected / cancelled, with the
 * tasks a dispatch creates. No transactions (FerretDB has none, and MongoDB's would not cover the
 * crash cases anyway): every transition is first claimed by a unique receipt (`draw:<no>:submit`,
 * `…:decide`, `…:dispatched`) whose winner alone acts, every write after it is idempotent, and every
 * audit entry carries the receipt's key — so a retry after a crash at any point completes the work
 * once. The receipts are the truth; `draws.status` mirrors them for queries.
 */

const PART_SIZE = 5_000;
const TASK_BATCH = 1_000;
/** Terminal states in which the seed is public: dispatched, and decided against (never to be used). */
const REVEALED: readonly DrawStatus[] = ['dispatched', 'rejected', 'cancelled'];

export interface ProposeInput {
  year: number;
  itemCode: string;
  round: number;
  actor: string;
  now: Date;
  /** The event or card action that asked; a re-delivery gets the same draw back. */
  idempotencyKey?: string;
  /** Randomness, injected; the seed is its first 32 bytes. */
  randomBytes?: (size: number) => Buffer;
}

/** What the preview and approval cards show; never the seed before it is revealed. */
export interface DrawSummary {
  drawNo: string;
  year: number;
  itemCode: string;
  itemName: string;
  round: number;
  attempt: number;
  status: DrawStatus;
  poolSize: number;
  count: number;
  strata: DrawResult['strata'];
  notes: string[];
  seedCommitment: string;
  hashes: DrawHashes;
  deadline: string;
  proposedBy: string;
}

export type ProposeOutcome = { ok: true; draw: DrawSummary } | { ok: false; reason: string };

interface Transition {
  to: DrawStatus;
  actor: string;
  at: string;
  reason?: string;
}

const receiptKey = (drawNo: string, slot: 'submit' | 'decide' | 'dispatched') => `draw:${drawNo}:${slot}`;
const roundKey = (year: number, itemCode: string, round: number) => `round:${year}:${itemCode}:${round}`;

/** Draws one round of an item from the current pools and stores it as a proposal (not yet approved). */
export async function proposeDraw(models: Models, input: ProposeInput): Promise<ProposeOutcome> {
  const { year, itemCode, round, actor, now } = input;
  const proposeKey = `propose:${input.idempotencyKey ?? sha256Hex(cryptoRandomBytes(16))}`;
  const earlier = await receiptOf(models, proposeKey);
  const earlierNo = (earlier?.result as { drawNo?: string } | null)?.drawNo;
  if (earlierNo) {
    const done = await models.Draw.findOne({ drawNo: earlierNo }).lean();
    if (done) return { ok: true, draw: await summarise(models, done) };
  }

  const item = await models.Item.findOne({ code: itemCode }).lean();
  if (!item) throw new DomainError('NO_ITEM', `没有编号为 ${itemCode} 的抽查事项`);
  const plan = await models.AnnualPlan.findOne({ year }).lean();
  const planned = plan?.items.find((i) => i.itemCode === itemCode);
  if (!planned) throw new DomainError('NO_PLAN', `${year} 年度计划中没有“${item.name}”，请先载入该年度计划`);
  const rounds = planned.rounds.map((r) => r.round);
  const plannedRound = planned.rounds.find((r) => r.round === round);
  if (!plannedRound)
    throw new DomainError(
      'NO_ROUND',
      `“${item.name}”${year} 年只有第 ${rounds.join('、')} 轮（${item.frequencyText}），没有第 ${round} 轮`,
    );
  const holder = await roundHolder(models, year, itemCode, round);
  if (holder)
    throw new DomainError(
      'ROUND_TAKEN',
      `“${item.name}”${year} 年第 ${round} 轮已批准抽取 ${holder}，不能再抽`,
    );

  // Stored documents are a boundary too: a hand-edited ratio is caught here, not deep in the engine.
  const ratio = ratioSchema.safeParse(item.ratio);
  if (!ratio.success)
    throw new DomainError('BAD_ITEM', `事项“${item.name}”的抽查比例数据有误，请重新载入计划`);
  const policy = drawPolicyFor(
    { ratio: ratio.data, frequencyPerYear: item.frequencyPerYear },
    cleanPolicy(item.drawPolicy),
  );
  const drawDate = shanghaiDate(now);
  const [snapshot, officers] = await Promise.all([poolSnapshot(models, itemCode), officerList(models)]);
  const pool = snapshot.map(({ address: _a, ...entry }) => entry);
  const random = input.randomBytes ?? cryptoRandomBytes;
  const seed = random(32).toString('hex');
  const subject = `${year}-${itemCode}-R${round}`;

  const attempt = earlierNo ? attemptOf(earlierNo) : await allocateSeq(models, `draw:${subject}`, now);
  const drawNo = earlierNo ?? drawNumber(year, item.seq, round, attempt);
  const inputs = drawInputs({
    drawNo,
    itemCode,
    round,
    drawDate,
    unit: item.section.unit,
    ratio: ratio.data,
    policy,
    pool,
    officers,
  });
  const result = runDraw(inputs, seed);
  if (!result.ok) {
    await appendAudit(
      models,
      { actor, action: 'draw.infeasible', subject, details: { reason: result.reason }, key: proposeKey },
      now,
    );
    return { ok: false, reason: result.reason };
  }
  if (!earlierNo && !(await claim(models, proposeKey, 'propose', now, { drawNo }))) {
    // The same request is being handled elsewhere: its draw is the answer.
    return proposeDraw(models, input);
  }

  const writer = sha256Hex(random(16)).slice(0, 16);
  const parts = {
    pool: await writeParts(models, drawNo, writer, 'pool', inputs.pool),
    officers: await writeParts(models, drawNo, writer, 'officers', inputs.officers),
    selections: await writeParts(models, drawNo, writer, 'selections', result.selections),
    addresses: await writeParts(
      models,
      drawNo,
      writer,
      'addresses',
      selectedAddresses(snapshot, result.selections),
    ),
  };
  const { pool: _p, officers: _o, ...rest } = inputs;
  try {
    await models.Draw.create({
      drawNo,
      year,
      itemCode,
      itemName: item.name,
      round,
      attempt,
      status: 'proposed',
      algorithmVersion: ALGORITHM_VERSION,
      inputs: rest,
      writer,
      parts,
      seedCommitment: seedCommitment(seed),
      seed,
      hashes: hashInputs(inputs),
      poolSize: pool.length,
      count: result.selections.length,
      strata: result.strata,
      notes: result.notes,
      deadline: plannedRound.deadline,
      proposedBy: actor,
      createdBy: actor,
      updatedBy: actor,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    // A retry of a crashed proposal raced another retry: the first stored draw stands; ours is dropped.
    if (!asDuplicateError(err, 'draws')) throw err;
    await models.DrawPart.deleteMany({ drawNo, writer });
  }
  const stored = await models.Draw.findOne({ drawNo }).lean();
  const draw = await summarise(models, stored!);
  await appendAudit(
    models,
    {
      actor,
      action: 'draw.proposed',
      subject: drawNo,
      details: {
        itemCode,
        round,
        poolSize: draw.poolSize,
        count: draw.count,
        seedCommitment: draw.seedCommitment,
        hashes: draw.hashes,
      },
      key: `draw:${drawNo}:proposed`,
    },
    now,
  );
  return { ok: true, draw };
}

/** The proposer sends the draw for approval. */
export async function submitDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
): Promise<DrawSummary> {
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, draw, ['proposed', 'submitted'], '提交审批');
  const holder = await roundHolder(models, draw.year, draw.itemCode, draw.round);
  if (holder && holder !== drawNo)
    throw new DomainError('ROUND_TAKEN', `本轮已批准抽取 ${holder}，${drawNo} 不能再提交审批`);
  await transition(models, draw, 'submit', { to: 'submitted', actor, at: now.toISOString() }, now);
  return summarise(models, draw);
}

/** The responsible leader approves: the round is taken by this draw, ready to dispatch. */
export async function approveDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
): Promise<DrawSummary> {
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, draw, ['submitted', 'approved'], '批准');
  await takeRound(models, draw, now);
  await transition(models, draw, 'decide', { to: 'approved', actor, at: now.toISOString() }, now);
  return summarise(models, draw);
}

/** The leader rejects, with a reason the proposer will read. */
export async function rejectDraw(
  models: Models,
  drawNo: string,
  actor: string,
  reason: string,
  now: Date,
): Promise<DrawSummary> {
  const why = reason.trim();
  if (!why) throw new DomainError('REASON_REQUIRED', '请填写驳回理由');
  if (why.length > 500)
    throw new DomainError('REASON_TOO_LONG', `驳回理由最多 500 字，当前 ${why.length} 字`);
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, draw, ['submitted', 'rejected'], '驳回');
  await transition(
    models,
    draw,
    'decide',
    { to: 'rejected', actor, at: now.toISOString(), reason: why },
    now,
  );
  return summarise(models, draw);
}

/** The proposer withdraws a draw not yet approved (also used when a newer attempt of the round is dispatched). */
export async function cancelDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
  reason = '',
): Promise<DrawSummary> {
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, draw, ['proposed', 'submitted', 'cancelled'], '取消');
  await transition(models, draw, 'decide', { to: 'cancelled', actor, at: now.toISOString(), reason }, now);
  return summarise(models, draw);
}

export interface DispatchOutcome {
  draw: DrawSummary;
  tasks: number;
  /** Other attempts of the round that were still open, now cancelled. */
  superseded: string[];
}

/**
 * Creates the approved draw's tasks, exactly once however often it is retried or run in parallel:
 * task numbers are derived from the draw and position, and an insert that finds its number taken
 * skips it. Then reveals the seed. Sending the task cards is the caller's (queued) business.
 */
export async function dispatchDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
): Promise<DispatchOutcome> {
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, draw, ['approved', 'dispatched'], '派发');
  const selections = await readParts<Selection>(models, draw, 'selections');
  const addresses = await readParts<string>(models, draw, 'addresses');
  const tasks = selections.map((s, i) => ({
    _id: taskNumber(drawNo, i),
    taskNo: taskNumber(drawNo, i),
    drawNo,
    year: draw.year,
    itemCode: draw.itemCode,
    itemName: draw.itemName,
    round: draw.round,
    unitName: (draw.inputs as DrawInputs).unit,
    targetCreditCode: s.creditCode,
    targetName: s.name,
    targetAddress: addresses[i] ?? '',
    inspectorKeys: s.inspectorKeys,
    deadline: draw.deadline,
    status: 'open',
    reportedAt: null,
    returnCount: 0,
    dispatchedOn: shanghaiDate(now),
    createdBy: actor,
    updatedBy: actor,
    createdAt: now,
    updatedAt: now,
  }));
  let written = 0;
  for (let i = 0; i < tasks.length; i += TASK_BATCH) {
    const batch = tasks.slice(i, i + TASK_BATCH);
    try {
      written += // The driver types `_id` as ObjectId; ours is the task number (see the task model).
        (await models.Task.collection.insertMany(batch as never[], { ordered: false })).insertedCount;
    } catch (err) {
      // Tasks an earlier (crashed or parallel) run already wrote: the rest of the batch went in.
      const taken = duplicatesIn(err);
      if (taken === null) throw err;
      written += batch.length - taken;
    }
  }
  const stored = tasks.length - written === 0 ? tasks.length : await models.Task.countDocuments({ drawNo });
  if (stored !== tasks.length)
    throw new Error(`dispatch ${drawNo}: ${tasks.length} tasks expected, ${stored} stored`);
  const digest = sha256Hex(
    canonicalJson(tasks.map((t) => [t.taskNo, t.targetCreditCode, t.inspectorKeys, t.deadline])),
  );
  await transition(models, draw, 'dispatched', { to: 'dispatched', actor, at: now.toISOString() }, now, {
    tasks: tasks.length,
    tasksDigest: digest,
  });
  // 一公开: the drawn list and the revealed seed, for anyone to re-verify.
  await publishDraw(models, drawNo, actor, now);
  const superseded: string[] = [];
  const others = await models.Draw.find(
    { year: draw.year, itemCode: draw.itemCode, round: draw.round, drawNo: { $ne: drawNo } },
    { drawNo: 1 },
  ).lean();
  for (const o of others) {
    const status = await drawStatus(models, o.drawNo);
    if (status === 'proposed' || status === 'submitted') {
      await cancelDraw(models, o.drawNo, 'system:dispatch', now, `本轮已派发抽取 ${drawNo}`);
      superseded.push(o.drawNo);
    }
  }
  return { draw: await summarise(models, draw), tasks: tasks.length, superseded };
}

/**
 * The round of the year a new draw of the item is for: the first one no approved draw holds yet, or
 * null when every round of the year is drawn (or the year has no plan for the item).
 */
export async function openRound(models: Models, year: number, itemCode: string): Promise<number | null> {
  const plan = await models.AnnualPlan.findOne({ year }).lean();
  const rounds = plan?.items.find((i) => i.itemCode === itemCode)?.rounds ?? [];
  for (const r of rounds) if (!(await roundHolder(models, year, itemCode, r.round))) return r.round;
  return null;
}

/** A draw's state, from its transition receipts (the truth; `draws.status` may lag after a crash). */
export async function drawStatus(models: Models, drawNo: string): Promise<DrawStatus> {
  return (await transitions(models, drawNo)).status;
}

/** A draw's summary, or null if there is no such draw. */
export async function findDraw(models: Models, drawNo: string): Promise<DrawSummary | null> {
  const draw = await models.Draw.findOne({ drawNo }).lean();
  return draw ? summarise(models, draw) : null;
}

/** The decision on a draw (who approved, rejected or cancelled it, when, why), or null while undecided. */
export async function drawDecision(models: Models, drawNo: string): Promise<Transition | null> {
  return (await transitions(models, drawNo)).decide ?? null;
}

/** The seed once it is public (the draw dispatched, rejected or cancelled), else null. */
export async function revealedSeed(models: Models, drawNo: string): Promise<string | null> {
  if (!REVEALED.includes(await drawStatus(models, drawNo))) return null;
  return revealSeed(models, drawNo);
}

/** The drawn targets with their inspectors, in the result's order. */
export async function drawSelections(models: Models, drawNo: string): Promise<Selection[]> {
  return readParts<Selection>(models, await requireDraw(models, drawNo), 'selections');
}

/**
 * The published record for the verifier (`npm run verify-draw`, `/验证`): the full inputs from the
 * stored snapshot, the hashes, the commitment, the result — and the seed once the draw is decided.
 */
export async function drawRecord(models: Models, drawNo: string): Promise<DrawRecord> {
  const draw = await models.Draw.findOne({ drawNo }).select('+seed').lean();
  if (!draw) throw new DomainError('NO_DRAW', `没有编号为 ${drawNo} 的抽取`);
  const [pool, officers, selections, status] = await Promise.all([
    readParts<PoolEntry>(models, draw, 'pool'),
    readParts<OfficerEntry>(models, draw, 'officers'),
    readParts<Selection>(models, draw, 'selections'),
    drawStatus(models, drawNo),
  ]);
  const rest = draw.inputs as Omit<DrawInputs, 'pool' | 'officers'>;
  return {
    format: RECORD_FORMAT,
    inputs: { ...rest, pool, officers } as DrawInputs,
    hashes: storedHashes(draw),
    seedCommitment: draw.seedCommitment,
    seed: REVEALED.includes(status) ? draw.seed : null,
    result: {
      ok: true,
      selections,
      strata: storedStrata(draw),
      notes: draw.notes,
    },
  };
}

// --- internals ---

type StoredDraw = NonNullable<Awaited<ReturnType<typeof loadDraw>>>;
const loadDraw = (models: Models, drawNo: string) => models.Draw.findOne({ drawNo }).lean();

async function requireDraw(models: Models, drawNo: string): Promise<StoredDraw> {
  const draw = await loadDraw(models, drawNo);
  if (!draw) throw new DomainError('NO_DRAW', `没有编号为 ${drawNo} 的抽取`);
  return draw;
}

const STATUS_LABELS: Record<DrawStatus, string> = {
  proposed: '待提交审批',
  submitted: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  cancelled: '已取消',
  dispatched: '已派发',
};

async function expectStatus(models: Models, draw: StoredDraw, allowed: DrawStatus[], what: string) {
  const { status, decide } = await transitions(models, draw.drawNo);
  if (allowed.includes(status)) return;
  const by = decide
    ? `（${(await namesOf(models, [decide.actor]))(decide.actor)} 于 ${shanghaiDate(new Date(decide.at))}）`
    : '';
  throw new DomainError('BAD_STATE', `抽取 ${draw.drawNo} ${STATUS_LABELS[status]}${by}，不能${what}`, {
    status,
  });
}

async function transitions(models: Models, drawNo: string) {
  const [submit, decide, dispatched] = await Promise.all(
    (['submit', 'decide', 'dispatched'] as const).map(async (slot) => {
      const r = await receiptOf(models, receiptKey(drawNo, slot));
      return (r?.result as Transition | undefined) ?? null;
    }),
  );
  const status: DrawStatus = dispatched
    ? 'dispatched'
    : decide
      ? decide.to
      : submit
        ? 'submitted'
        : 'proposed';
  return { status, submit, decide, dispatched };
}

/**
 * Claims a transition; the winner (or a retry of the same transition by the same actor) completes it:
 * mirrors the status and writes the audit entry under the receipt's key. Anyone else is refused.
 */
async function transition(
  models: Models,
  draw: StoredDraw,
  slot: 'submit' | 'decide' | 'dispatched',
  t: Transition,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<void> {
  const key = receiptKey(draw.drawNo, slot);
  const won = await claim(models, key, 'draw-transition', now, t);
  let done = t;
  if (!won) {
    const r = await receiptOf(models, key);
    done = r!.result as Transition;
    if (done.to !== t.to || (slot !== 'dispatched' && done.actor !== t.actor)) {
      const who = (await namesOf(models, [done.actor]))(done.actor);
      throw new DomainError(
        'CONFLICT',
        `抽取 ${draw.drawNo} 已由 ${who} ${STATUS_VERB[done.to]}，不能再${STATUS_VERB[t.to]}`,
        { status: done.to },
      );
    }
  }
  const status = (await transitions(models, draw.drawNo)).status;
  await models.Draw.updateOne(
    { drawNo: draw.drawNo },
    { $set: { status, updatedBy: done.actor, updatedAt: now } },
  );
  await appendAudit(
    models,
    {
      actor: done.actor,
      action: `draw.${done.to}`,
      subject: draw.drawNo,
      details: {
        ...(done.reason ? { reason: done.reason } : {}),
        ...(REVEALED.includes(done.to) ? { seed: await revealSeed(models, draw.drawNo) } : {}),
        ...details,
      },
      key,
    },
    new Date(done.at),
  );
}

const STATUS_VERB: Record<DrawStatus, string> = {
  proposed: '抽取',
  submitted: '提交审批',
  approved: '批准',
  rejected: '驳回',
  cancelled: '取消',
  dispatched: '派发',
};

async function revealSeed(models: Models, drawNo: string): Promise<string> {
  const d = await models.Draw.findOne({ drawNo }).select('+seed').lean();
  return d!.seed;
}

/** Whether an approved (or still undecided) draw holds the round: then it needs no prompt. */
export async function roundIsDrawn(models: Models, year: number, itemCode: string, round: number) {
  return (await roundHolder(models, year, itemCode, round)) !== null;
}

/** The draw that holds a round (approved for it), or null. */
async function roundHolder(
  models: Models,
  year: number,
  itemCode: string,
  round: number,
  live = true,
): Promise<string | null> {
  const r = await receiptOf(models, roundKey(year, itemCode, round));
  const holder = (r?.result as { drawNo?: string } | null)?.drawNo ?? null;
  if (!holder || !live) return holder;
  // A holder that then lost its decision (see takeRound) holds nothing.
  return (await stillHolds(models, holder)) ? holder : null;
}

/** Whether a draw that took its round still may hold it: undecided yet, or approved. */
async function stillHolds(models: Models, drawNo: string): Promise<boolean> {
  const decided = (await transitions(models, drawNo)).decide;
  return !decided || decided.to === 'approved';
}

/**
 * Makes this draw the round's one approved draw. A holder that lost its own decision (rejected or
 * cancelled after it took the round) is displaced; a live holder means the round is taken.
 */
async function takeRound(models: Models, draw: StoredDraw, now: Date): Promise<void> {
  const key = roundKey(draw.year, draw.itemCode, draw.round);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await claim(models, key, 'round', now, { drawNo: draw.drawNo })) return;
    const holder = await roundHolder(models, draw.year, draw.itemCode, draw.round, false);
    if (holder === draw.drawNo) return;
    if (holder) {
      if (await stillHolds(models, holder))
        throw new DomainError('ROUND_TAKEN', `本轮已批准抽取 ${holder}，不能再批准 ${draw.drawNo}`);
      await models.Receipt.deleteOne({ key, 'result.drawNo': holder });
    }
  }
  throw new Error(`could not take round ${key}`);
}

async function summarise(models: Models, draw: StoredDraw): Promise<DrawSummary> {
  return {
    drawNo: draw.drawNo,
    year: draw.year,
    itemCode: draw.itemCode,
    itemName: draw.itemName,
    round: draw.round,
    attempt: draw.attempt,
    status: await drawStatus(models, draw.drawNo),
    poolSize: draw.poolSize,
    count: draw.count,
    strata: storedStrata(draw),
    notes: draw.notes,
    seedCommitment: draw.seedCommitment,
    hashes: storedHashes(draw),
    deadline: draw.deadline,
    proposedBy: draw.proposedBy,
  };
}

/** The stored strata and hashes with mongoose's optional subdocument fields made whole (they are required on write). */
const storedStrata = (draw: Pick<StoredDraw, 'strata'>): DrawResult['strata'] =>
  draw.strata.map((s) => ({
    stratum: s.stratum as Stratum['stratum'],
    size: s.size!,
    bp: s.bp!,
    count: s.count!,
  }));
const storedHashes = (draw: Pick<StoredDraw, 'hashes'>): DrawHashes => ({
  pool: draw.hashes!.pool!,
  officers: draw.hashes!.officers!,
  inputs: draw.hashes!.inputs!,
});

const attemptOf = (drawNo: string) => Number(drawNo.slice(drawNo.lastIndexOf('-') + 1));

function cleanPolicy(p: unknown): Partial<DrawPolicy> {
  if (!p || typeof p !== 'object') return {};
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null && v !== undefined));
}

function drawInputs(a: {
  drawNo: string;
  itemCode: string;
  round: number;
  drawDate: string;
  unit: string;
  ratio: Ratio;
  policy: DrawPolicy;
  pool: PoolEntry[];
  officers: OfficerEntry[];
}): DrawInputs {
  return {
    algorithm: ALGORITHM_VERSION,
    drawNo: a.drawNo,
    itemCode: a.itemCode,
    round: a.round,
    drawDate: a.drawDate,
    unit: a.unit,
    ratio: ratioBp(a.ratio),
    stratify: a.policy.stratify,
    excludeWithinDays: a.policy.excludeWithinDays,
    inspectorsPerTask: a.policy.inspectorsPerTask,
    allowOtherUnits: a.policy.allowOtherUnits,
    pool: a.pool,
    officers: a.officers,
  };
}

/**
 * The item's pool as the draw sees it, in credit-code order (the order DRAW-1 works in), with each
 * target's address (not an input of the draw: kept for the task cards).
 */
async function poolSnapshot(models: Models, itemCode: string): Promise<(PoolEntry & { address: string })[]> {
  const rows = await models.Target.find(
    { itemCodes: itemCode },
    { _id: 0, creditCode: 1, name: 1, address: 1, creditLevel: 1, status: 1, lastInspections: 1 },
  ).lean();
  const pool = rows.map((t): PoolEntry & { address: string } => {
    const last = t.lastInspections.find((l) => l.itemCode === itemCode);
    return {
      creditCode: t.creditCode,
      name: t.name,
      creditLevel: t.creditLevel!,
      status: t.status!,
      lastInspected: last?.date ?? null,
      lastInspectors: [...(last?.inspectorKeys ?? [])].sort(),
      address: t.address ?? '',
    };
  });
  // Native string order (UTF-16 code units), as the spec and the engine use; not the database's collation.
  return pool.sort((a, b) => (a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0));
}

/** Every officer of the 执法检查人员名录库 (the engine filters by unit, area and activity, and says why). */
async function officerList(models: Models): Promise<OfficerEntry[]> {
  const people = await models.Person.find(
    { roles: 'inspector' },
    { _id: 0, key: 1, name: 1, unitName: 1, active: 1, areas: 1, conflicts: 1 },
  ).lean();
  return people
    .map((p) => ({
      key: p.key,
      name: p.name,
      unitName: p.unitName,
      active: p.active ?? true,
      areas: [...p.areas].sort(),
      conflicts: [...p.conflicts].sort(),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function writeParts(
  models: Models,
  drawNo: string,
  writer: string,
  kind: PartKind,
  entries: readonly unknown[],
): Promise<number> {
  const docs = [];
  for (let i = 0; i === 0 || i * PART_SIZE < entries.length; i++) {
    const json = Buffer.from(JSON.stringify(entries.slice(i * PART_SIZE, (i + 1) * PART_SIZE)));
    docs.push({ drawNo, writer, kind, part: i, json });
  }
  // Independent chunks: written concurrently, the driver pipelines them on its pool of connections.
  await Promise.all(docs.map((d) => models.DrawPart.collection.insertOne(d)));
  return docs.length;
}

async function readParts<T>(
  models: Models,
  draw: { drawNo: string; writer: string },
  kind: PartKind,
): Promise<T[]> {
  const parts = await models.DrawPart.find({ drawNo: draw.drawNo, writer: draw.writer, kind })
    .sort({ part: 1 })
    .lean();
  return parts.flatMap((p) => JSON.parse(bytesOf(p.json).toString('utf8')) as T[]);
}

/** A binary field as read back: a Buffer, or (lean reads) BSON Binary holding its bytes in `buffer`. */
function bytesOf(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  const inner = (v as { buffer?: unknown }).buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  throw new TypeError('draw part: json is not binary');
}

type PartKind = 'pool' | 'officers' | 'selections' | 'addresses';

/** How many inserts of a bulk write failed as duplicates, or null if anything else failed. */
function duplicatesIn(err: unknown): number | null {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  const errors = e?.writeErrors ?? (e?.code === 11000 ? [e] : []);
  return errors.length > 0 && errors.every((w) => w.code === 11000) ? errors.length : null;
}

function selectedAddresses(snapshot: { creditCode: string; address: string }[], selections: Selection[]) {
  const byCode = new Map(snapshot.map((t) => [t.creditCode, t.address]));
  return selections.map((s) => byCode.get(s.creditCode) ?? '');
}
