import { randomBytes } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import type { DrawStatus } from '../adapters/db/models/draw';
import { claim, receiptOf } from '../adapters/db/claim';
import { shanghaiDate } from '../domain/calendar';
import { canonicalJson, sha256Hex } from '../domain/draw/canonical';
import type { Selection } from '../domain/draw/core';
import type { DrawInputs, OfficerEntry, PoolEntry } from '../domain/draw/engine';
import { taskNumber } from '../domain/draw/policy';
import { RECORD_FORMAT, type DrawRecord } from '../domain/draw/record';
import { drawV2, proposeV2, recordV2, type ProposalV2 } from '../domain/draw/v2/record';
import type { InputsV2, RecordV2, SelectionV2 } from '../domain/draw/v2/schema';
import { DomainError } from '../domain/errors';
import { appendAudit } from './audit';
import { conflictIndex } from './draw-propose';
import { publishAttempt } from './draw-publication';
import { takeRound } from './draw-rounds';
import {
  LIVE,
  readParts,
  receiptKey,
  requireDraw,
  revealedFrom,
  revealedOf,
  drawStatus,
  REVEALED,
  selectionsOf,
  selectionWriter,
  STATUS_VERB,
  summarise,
  transitions,
  writeParts,
  expectStatus,
  type DrawSummary,
  type StoredDraw,
  type Transition,
  type TransitionSlot,
} from './draw-store';
import { namesOf } from './names';

export {
  releaseAttempt,
  reserveAttempt,
  openAttemptText,
  proposeDraw,
  type ProposeInput,
  type ProposeOutcome,
} from './draw-propose';
export { roundIsDrawn } from './draw-rounds';
export { drawStatus, revealedOf, type DrawSummary, type Revealed } from './draw-store';

/**
 * Draws as stored: proposed → submitted → approved → dispatched, or rejected / cancelled / failed.
 * No transactions (FerretDB has none, and MongoDB's would not cover the crash cases anyway): every
 * transition is first claimed by a unique receipt (`draw:<no>:submit`, `…:decide`, `…:dispatched`)
 * whose winner alone acts, every write after it is idempotent, and every audit entry carries the
 * receipt's key — so a retry after a crash at any point completes the work once. The receipts are the
 * truth; `draws.status` mirrors them for queries. Proposing is in draw-propose.ts.
 */

const TASK_BATCH = 1_000;

/** The proposer sends the draw for approval. */
export async function submitDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
): Promise<DrawSummary> {
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, drawNo, ['proposed', 'submitted'], '提交审批');
  await transition(models, draw, 'submit', { to: 'submitted', actor, at: now.toISOString() }, now);
  return summarise(models, draw);
}

/** An approver's phrase as stored and hashed: trimmed, NFC, 4–40 characters. */
export function cleanPhrase(text: string): string {
  const phrase = text.normalize('NFC').trim();
  const length = [...phrase].length;
  if (length === 0)
    throw new DomainError(
      'PHRASE_REQUIRED',
      '请填写审批随机码：随手输入几个字或数字（4 到 40 个字），它将与系统密钥一起决定抽取结果',
    );
  if (length < 4) throw new DomainError('PHRASE_SHORT', `审批随机码至少 4 个字，当前 ${length} 个字`);
  if (length > 40) throw new DomainError('PHRASE_LONG', `审批随机码最多 40 个字，当前 ${length} 个字`);
  return phrase;
}

/**
 * The responsible leader approves, contributing a phrase: the round is taken by this draw, the
 * decision is irrevocable, and only now is the selection computed — from the secret committed at
 * proposal and the phrase that did not exist before (docs/draw-algorithm.md §2).
 */
export async function approveDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
  phraseText: string,
): Promise<DrawSummary> {
  await decideApproval(models, drawNo, actor, now, phraseText);
  const draw = await requireDraw(models, drawNo);
  await ensureSelection(models, draw, now);
  return summarise(models, draw);
}

/**
 * The approval itself, made irrevocable and public (the decision with its phrase, the round taken) —
 * a few small writes, so the 批准 click does this and leaves the selection to `dispatchDraw` in the
 * background. A phrase used for an earlier approval is refused: a predictable phrase would let whoever
 * chose the secret aim.
 */
export async function decideApproval(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
  phraseText: string,
): Promise<DrawSummary> {
  const draw = await requireDraw(models, drawNo);
  const status = await expectStatus(models, drawNo, ['submitted', 'approved'], '批准');
  if (draw.algorithmVersion === 'DRAW-1' && status === 'submitted')
    throw new DomainError(
      'OLD_ALGORITHM',
      `抽取 ${drawNo} 是按旧算法（DRAW-1）在发起时就产生了结果的，不能再批准；请撤回并取消，重新发起抽取`,
    );
  let phrase = '';
  if (status === 'submitted') {
    phrase = cleanPhrase(phraseText);
    const phraseKey = `phrase:${sha256Hex(phrase)}`;
    if (!(await claim(models, phraseKey, 'approval-phrase', now, { drawNo }))) {
      const held = (await receiptOf(models, phraseKey))?.result as { drawNo?: string } | null;
      if (held?.drawNo !== drawNo)
        throw new DomainError(
          'PHRASE_USED',
          '这个审批随机码以前用过，请换一个（随手输入几个字即可，每次不同）',
        );
    }
  }
  await takeRound(models, draw, now);
  await transition(models, draw, 'decide', { to: 'approved', actor, at: now.toISOString(), phrase }, now);
  return summarise(models, draw);
}

/** The leader rejects, with a reason the proposer will read (published with the attempt). */
export const rejectDraw = (models: Models, drawNo: string, actor: string, reason: string, now: Date) =>
  endUndecided(models, drawNo, actor, now, reason, 'rejected', ['submitted', 'rejected']);

/**
 * The proposer withdraws an attempt not yet approved, saying why (published with the attempt: a new
 * attempt of the round needs the open one ended, and anyone can see how often and why).
 */
export const cancelDraw = (models: Models, drawNo: string, actor: string, now: Date, reason: string) =>
  endUndecided(models, drawNo, actor, now, reason, 'cancelled', ['proposed', 'submitted', 'cancelled']);

/** Ends an attempt without a selection — rejected or cancelled — with the reason that is published. */
async function endUndecided(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
  reason: string,
  to: 'rejected' | 'cancelled',
  allowed: DrawStatus[],
): Promise<DrawSummary> {
  const verb = STATUS_VERB[to];
  const why = requiredReason(reason, verb);
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, drawNo, allowed, verb);
  await transition(models, draw, 'decide', { to, actor, at: now.toISOString(), reason: why }, now);
  return summarise(models, draw);
}

function requiredReason(reason: string, what: string): string {
  const why = reason.trim();
  if (!why) throw new DomainError('REASON_REQUIRED', `请填写${what}理由（将与本次抽取一并公示）`);
  if (why.length > 500)
    throw new DomainError('REASON_TOO_LONG', `${what}理由最多 500 字，当前 ${why.length} 字`);
  return why;
}

export interface DispatchOutcome {
  draw: DrawSummary;
  tasks: number;
  /** Other attempts of the round that were still open (only DRAW-1 ones can be), now cancelled. */
  superseded: string[];
}

/**
 * Creates the approved draw's tasks, exactly once however often it is retried or run in parallel:
 * task numbers are derived from the draw and position, and an insert that finds its number taken
 * skips it. Sending the task cards is the caller's (queued) business.
 */
export async function dispatchDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
): Promise<DispatchOutcome> {
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, drawNo, ['approved', 'dispatched'], '派发');
  const writer = await ensureSelection(models, draw, now);
  const selections = await readParts<Selection>(models, drawNo, writer, 'selections');
  const addresses = await readParts<string>(models, drawNo, writer, 'addresses');
  const tasks = selections.map((s, i) => ({
    _id: taskNumber(drawNo, i),
    taskNo: taskNumber(drawNo, i),
    drawNo,
    year: draw.year,
    itemCode: draw.itemCode,
    itemName: draw.itemName,
    round: draw.round,
    unitName: (draw.inputs as { unit: string }).unit,
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
  const superseded: string[] = [];
  const others = await models.Draw.find(
    { year: draw.year, itemCode: draw.itemCode, round: draw.round, drawNo: { $ne: drawNo } },
    { drawNo: 1 },
  ).lean();
  for (const o of others) {
    if (!LIVE.includes((await transitions(models, o.drawNo)).status)) continue;
    await cancelDraw(models, o.drawNo, 'system:dispatch', now, `本轮已派发抽取 ${drawNo}`);
    superseded.push(o.drawNo);
  }
  return { draw: await summarise(models, draw), tasks: tasks.length, superseded };
}

/**
 * A draw's decision once it is completely recorded (claimed, audited, published, mirrored), read with
 * two small reads: a repeated click is answered from it without writing anything. Null while
 * undecided or cut short by a crash (then the click's full path completes it).
 */
export async function recordedDecision(
  models: Models,
  drawNo: string,
): Promise<(Transition & { status: DrawStatus; count: number }) | null> {
  const [mirror, decide] = await Promise.all([
    models.Draw.findOne({ drawNo }, { status: 1, count: 1 }).lean(),
    receiptOf(models, receiptKey(drawNo, 'decide')),
  ]);
  if (!mirror || !decide || !['approved', 'dispatched', 'rejected', 'cancelled'].includes(mirror.status))
    return null;
  return { ...(decide.result as Transition), status: mirror.status, count: mirror.count };
}

/**
 * The background half of 批准 (the `dispatch` job): an approved draw's selection and tasks, as its
 * approver; null when there is nothing to do (dispatched already: a re-run only re-sends what is missing).
 */
export async function finishApproval(
  models: Models,
  drawNo: string,
  now: Date,
): Promise<DispatchOutcome | null> {
  if ((await drawStatus(models, drawNo)) !== 'approved') return null;
  const decide = (await transitions(models, drawNo)).decide!;
  return dispatchDraw(models, drawNo, decide.actor, now);
}

/** A draw's summary, or null if there is no such draw. */
export async function findDraw(models: Models, drawNo: string): Promise<DrawSummary | null> {
  const draw = await models.Draw.findOne({ drawNo }).lean();
  return draw ? summarise(models, draw) : null;
}

/** The decision on a draw (who approved, rejected, cancelled or failed it, when, why), or null while undecided. */
export async function drawDecision(models: Models, drawNo: string): Promise<Transition | null> {
  return (await transitions(models, drawNo)).decide ?? null;
}

/** The drawn targets with their inspectors, in the result's order; none before the selection exists. */
export async function drawSelections(models: Models, drawNo: string): Promise<Selection[]> {
  return selectionsOf(models, await requireDraw(models, drawNo));
}

/**
 * The published record for the verifier (`npm run verify-draw`, `/验证`, the public page): DRAW-2 at
 * its stage (a live proposal: inputs and commitments; an ended one: its secret too; an approved one:
 * the phrase, the seed and the selection), or a DRAW-1 record.
 */
export async function drawRecord(models: Models, drawNo: string): Promise<DrawRecord | RecordV2> {
  const draw = await requireDraw(models, drawNo);
  if (draw.algorithmVersion === 'DRAW-1') return drawRecordV1(models, draw);
  const [{ proposal }, revealed, writer] = await Promise.all([
    storedProposal(models, draw),
    revealedOf(models, drawNo),
    selectionWriter(models, draw),
  ]);
  if (!revealed.phrase || !revealed.seed || !writer) return recordV2(proposal, { secret: revealed.secret });
  const selections = await readParts<SelectionV2>(models, drawNo, writer, 'selections');
  return recordV2(proposal, {
    secret: revealed.secret,
    phrase: revealed.phrase,
    seed: revealed.seed,
    selections,
  });
}

// --- internals ---

/**
 * Claims a transition; the winner (or a retry of the same transition by the same actor) completes it:
 * mirrors the status, writes the audit entry under the receipt's key, and republishes the attempt.
 */
async function transition(
  models: Models,
  draw: StoredDraw,
  slot: TransitionSlot,
  t: Transition,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<void> {
  const key = receiptKey(draw.drawNo, slot);
  let done = t;
  if (!(await claim(models, key, 'draw-transition', now, t))) {
    done = (await receiptOf(models, key))!.result as Transition;
    if (done.to !== t.to || (slot !== 'dispatched' && done.actor !== t.actor)) {
      const who = (await namesOf(models, [done.actor]))(done.actor);
      throw new DomainError(
        'CONFLICT',
        `抽取 ${draw.drawNo} 已由 ${who} ${STATUS_VERB[done.to]}，不能再${STATUS_VERB[t.to]}`,
        {
          status: done.to,
        },
      );
    }
  }
  const state = await transitions(models, draw.drawNo);
  const revealed = REVEALED.includes(done.to)
    ? revealedFrom(await requireDraw(models, draw.drawNo, true), state)
    : null;
  await appendAudit(
    models,
    {
      actor: done.actor,
      action: `draw.${done.to}`,
      subject: draw.drawNo,
      details: {
        ...(done.reason ? { reason: done.reason } : {}),
        ...(revealed?.secret ? { secret: revealed.secret } : {}),
        ...(revealed?.phrase ? { phrase: revealed.phrase } : {}),
        ...(revealed?.seed ? { seed: revealed.seed } : {}),
        ...details,
      },
      key,
    },
    new Date(done.at),
  );
  await publishAttempt(models, draw.drawNo, done.actor, now);
  // Last: a mirrored status says the transition is complete (audited and published), so a repeat of it
  // may be answered from the mirror (`recordedDecision`), while one cut short is completed by its retry.
  await models.Draw.updateOne(
    { drawNo: draw.drawNo },
    { $set: { status: state.status, updatedBy: done.actor, updatedAt: now } },
  );
}

/**
 * The inputs of a stored DRAW-2 proposal, rebuilt from its parts with its private secret, recusal key
 * and conflicts, checked against the hashes published at proposal (a changed part is refused here,
 * not carried into a selection or a record).
 */
async function storedProposal(models: Models, draw: StoredDraw) {
  const [secrets, pool, officers, conflicts] = await Promise.all([
    models.Draw.findOne({ drawNo: draw.drawNo }).select('+secret +recusalKey').lean(),
    readParts<InputsV2['pool'][number]>(models, draw.drawNo, draw.writer, 'pool'),
    readParts<InputsV2['officers'][number]>(models, draw.drawNo, draw.writer, 'officers'),
    readParts<[string, string]>(models, draw.drawNo, draw.writer, 'conflicts'),
  ]);
  const secret = secrets!.secret!;
  const recusalKey = secrets!.recusalKey!;
  const conflictsOf = conflictIndex(conflicts);
  const rest = draw.inputs as Omit<InputsV2, 'pool' | 'officers' | 'recusalDigests'>;
  const proposal: ProposalV2 = proposeV2({ ...rest, pool, officers }, secret, recusalKey, conflictsOf);
  if (proposal.commitment !== draw.commitment)
    throw new Error(
      `draw ${draw.drawNo}: stored inputs no longer match the commitment published at proposal`,
    );
  return { proposal, secret, recusalKey, conflictsOf };
}

/**
 * The approved DRAW-2 draw's selection (and the drawn targets' addresses, for the task cards), computed
 * once: written under a fresh writer id, then claimed by the `selected` receipt; a loser of the race
 * drops its copy. Returns the writer whose copy stands. DRAW-1 draws were selected at proposal.
 */
async function ensureSelection(models: Models, draw: StoredDraw, now: Date): Promise<string> {
  const existing = await selectionWriter(models, draw);
  if (existing) return existing;
  const decide = (await transitions(models, draw.drawNo)).decide;
  if (decide?.to !== 'approved' || !decide.phrase) throw new Error(`draw ${draw.drawNo} is not approved`);
  const { proposal, secret, recusalKey, conflictsOf } = await storedProposal(models, draw);
  const { seed, selections } = drawV2(proposal, secret, decide.phrase, recusalKey, conflictsOf);
  // Addresses as read with the snapshot, in pool order (a query by 30,000 credit codes scans on FerretDB).
  const poolAddresses = await readParts<string>(models, draw.drawNo, draw.writer, 'pool-addresses');
  const position = new Map(proposal.inputs.pool.map((t, i) => [t.creditCode, i]));
  const addresses = selections.map((s) => poolAddresses[position.get(s.creditCode)!] ?? '');
  const writer = sha256Hex(randomBytes(16)).slice(0, 16);
  await writeParts(models, draw.drawNo, writer, 'selections', selections);
  await writeParts(models, draw.drawNo, writer, 'addresses', addresses);
  const key = receiptKey(draw.drawNo, 'selected');
  if (!(await claim(models, key, 'draw-selected', now, { writer, count: selections.length, seed }))) {
    await models.DrawPart.deleteMany({ drawNo: draw.drawNo, writer });
    return (await selectionWriter(models, draw))!;
  }
  await models.Draw.updateOne({ drawNo: draw.drawNo }, { $set: { count: selections.length } });
  return writer;
}

async function drawRecordV1(models: Models, draw: StoredDraw): Promise<DrawRecord> {
  const [pool, officers, selections, revealed] = await Promise.all([
    readParts<PoolEntry>(models, draw.drawNo, draw.writer, 'pool'),
    readParts<OfficerEntry>(models, draw.drawNo, draw.writer, 'officers'),
    readParts<Selection>(models, draw.drawNo, draw.writer, 'selections'),
    revealedOf(models, draw.drawNo),
  ]);
  const summary = await summarise(models, draw);
  const rest = draw.inputs as Omit<DrawInputs, 'pool' | 'officers'>;
  return {
    format: RECORD_FORMAT,
    inputs: { ...rest, pool, officers } as DrawInputs,
    hashes: { pool: summary.hashes.pool, officers: summary.hashes.officers, inputs: summary.hashes.inputs },
    seedCommitment: draw.seedCommitment,
    seed: revealed.seed,
    result: { ok: true, selections, strata: summary.strata, notes: draw.notes },
  };
}

/** How many inserts of a bulk write failed as duplicates, or null if anything else failed. */
function duplicatesIn(err: unknown): number | null {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  const errors = e?.writeErrors ?? (e?.code === 11000 ? [e] : []);
  return errors.length > 0 && errors.every((w) => w.code === 11000) ? errors.length : null;
}

export type { DrawStatus };
