import { randomBytes } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import { claim } from '../adapters/db/claim';
import { shanghaiDate } from '../domain/calendar';
import { canonicalJson, sha256Hex } from '../domain/draw/canonical';
import { sameRoundNumber } from '../domain/draw/policy';
import { readNumbered } from '../adapters/db/numbered';
import { addOpenTasks } from './open-tasks';
import { markPeriod, monthOf } from './period-marks';
import { drawV2, proposeV2, type ProposalV2 } from '../domain/draw/v2/record';
import type { InputsV2, SelectionV2 } from '../domain/draw/v2/schema';
import { conflictIndex } from './draw-propose';
import {
  LIVE,
  receiptKey,
  requireDraw,
  drawStatus,
  summarise,
  transitions,
  expectStatus,
  type DrawSummary,
  type StoredDraw,
} from './draw-store';
import {
  poolOf,
  readParts,
  selectedTasks,
  selectionWriter,
  tasksOfSelection,
  writeParts,
  type SelectedTask,
} from './draw-parts';
import { cancelDraw } from './draw-decide';
import { transition } from './draw-transition';

const TASK_BATCH = 1_000;

export interface DispatchOutcome {
  draw: DrawSummary;
  tasks: number;
  /** Other attempts of the round that were still open (only DRAW-1 ones can be), now cancelled. */
  superseded: string[];
  /** The draw's tasks as `selectedTasks` gives them (so the caller need not read the selection again). */
  selected: SelectedTask[];
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
  const before = await expectStatus(models, drawNo, ['approved', 'dispatched'], '派发');
  const made = await ensureSelection(models, draw, now);
  const selected = made.computed
    ? tasksOfSelection(draw, made.computed.selections, made.computed.addresses)
    : await selectedTasks(models, draw);
  // The day first: a task is never read without it (a retry keeps the first run's).
  const dispatchedOn = draw.dispatchedOn ?? shanghaiDate(now);
  if (!draw.dispatchedOn) await models.Draw.updateOne({ _id: drawNo }, { $set: { dispatchedOn } });
  // The month's summary and the year's readers find the tasks by these marks (period-marks.ts): marked
  // before they exist.
  const numbers = selected.map((t) => t.taskNo);
  await markPeriod(models, monthOf(dispatchedOn), 'dispatched', numbers);
  await markPeriod(models, String(draw.year), 'tasks', numbers);
  // A task's own fields only; what its draw says of all of them is joined on reading (task-records.ts).
  const tasks = selected.map((t) => ({
    _id: t.taskNo,
    taskNo: t.taskNo,
    drawNo: t.drawNo,
    targetCreditCode: t.targetCreditCode,
    targetName: t.targetName,
    targetAddress: t.targetAddress,
    inspectorKeys: t.inspectorKeys,
    status: 'open',
    returnCount: 0,
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
  // Not again once dispatched: a task accepted since has left the ledger for good.
  if (before === 'approved') await addOpenTasks(models, selected);
  const stored = tasks.length - written === 0 ? tasks.length : await models.Task.countDocuments({ drawNo });
  if (stored !== tasks.length)
    throw new Error(`dispatch ${drawNo}: ${tasks.length} tasks expected, ${stored} stored`);
  const digest = sha256Hex(
    canonicalJson(selected.map((t) => [t.taskNo, t.targetCreditCode, t.inspectorKeys, t.deadline])),
  );
  await transition(models, draw, 'dispatched', { to: 'dispatched', actor, at: now.toISOString() }, now, {
    tasks: tasks.length,
    tasksDigest: digest,
  });
  const superseded: string[] = [];
  // The round's other attempts, by number (numbered from 1 without gaps): read by `_id`.
  const attempt = (n: number) =>
    models.Draw.findOne({ _id: sameRoundNumber(drawNo, n) }, { drawNo: 1 }).lean();
  const earlier = await Promise.all(Array.from({ length: draw.attempt - 1 }, (_, i) => attempt(i + 1)));
  const later = await readNumbered(draw.attempt + 1, attempt);
  for (const o of [...earlier, ...later]) {
    if (!o) continue;
    if (!LIVE.includes((await transitions(models, o.drawNo)).status)) continue;
    await cancelDraw(models, o.drawNo, 'system:dispatch', now, `本轮已派发抽取 ${drawNo}`);
    superseded.push(o.drawNo);
  }
  return { draw: await summarise(models, draw), tasks: tasks.length, superseded, selected };
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

/**
 * The inputs of a stored DRAW-2 proposal, rebuilt from its parts with its private secret, recusal key
 * and conflicts, checked against the hashes published at proposal (a changed part is refused here,
 * not carried into a selection or a record).
 */
export async function storedProposal(models: Models, draw: StoredDraw) {
  const [secrets, { pool, addresses, json }, officers, conflicts] = await Promise.all([
    models.Draw.findOne({ _id: draw.drawNo }).select('+secret +recusalKey').lean(),
    poolOf(models, draw),
    readParts<InputsV2['officers'][number]>(models, draw.drawNo, draw.writer, 'officers'),
    readParts<[string, string]>(models, draw.drawNo, draw.writer, 'conflicts'),
  ]);
  const secret = secrets!.secret!;
  const recusalKey = secrets!.recusalKey!;
  const conflictsOf = conflictIndex(conflicts);
  const rest = draw.inputs as Omit<InputsV2, 'pool' | 'officers' | 'recusalDigests'>;
  const proposal: ProposalV2 = proposeV2({ ...rest, pool, officers }, secret, recusalKey, conflictsOf, json);
  if (proposal.commitment !== draw.commitment)
    throw new Error(
      `draw ${draw.drawNo}: stored inputs no longer match the commitment published at proposal`,
    );
  return { proposal, secret, recusalKey, conflictsOf, addresses };
}

/**
 * The approved DRAW-2 draw's selection (and the drawn targets' addresses, for the task cards), computed
 * once: written under a fresh writer id, then claimed by the `selected` receipt; a loser of the race
 * drops its copy. Gives the writer whose copy stands, and the selection itself when it is this call's
 * (the caller then need not read it back). DRAW-1 draws were selected at proposal.
 */
export async function ensureSelection(
  models: Models,
  draw: StoredDraw,
  now: Date,
): Promise<{ writer: string; computed?: { selections: SelectionV2[]; addresses: string[] } }> {
  const existing = await selectionWriter(models, draw);
  if (existing) return { writer: existing };
  const decide = (await transitions(models, draw.drawNo)).decide;
  if (decide?.to !== 'approved' || !decide.phrase) throw new Error(`draw ${draw.drawNo} is not approved`);
  const {
    proposal,
    secret,
    recusalKey,
    conflictsOf,
    addresses: poolAddresses,
  } = await storedProposal(models, draw);
  const { seed, selections } = drawV2(proposal, secret, decide.phrase, recusalKey, conflictsOf);
  // Addresses as read with the snapshot, in pool order (a query by 30,000 credit codes scans on FerretDB).
  const position = new Map(proposal.inputs.pool.map((t, i) => [t.creditCode, i]));
  const addresses = selections.map((s) => poolAddresses[position.get(s.creditCode)!] ?? '');
  const writer = sha256Hex(randomBytes(16)).slice(0, 16);
  await Promise.all([
    writeParts(models, draw.drawNo, writer, 'selections', selections),
    writeParts(models, draw.drawNo, writer, 'addresses', addresses),
  ]);
  const key = receiptKey(draw.drawNo, 'selected');
  if (!(await claim(models, key, 'draw-selected', now, { writer, count: selections.length, seed }))) {
    await models.DrawPart.deleteMany({ drawNo: draw.drawNo, writer });
    return { writer: (await selectionWriter(models, draw))! };
  }
  await models.Draw.updateOne({ _id: draw.drawNo }, { $set: { count: selections.length } });
  return { writer, computed: { selections, addresses } };
}

/** How many inserts of a bulk write failed as duplicates, or null if anything else failed. */
function duplicatesIn(err: unknown): number | null {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  const errors = e?.writeErrors ?? (e?.code === 11000 ? [e] : []);
  return errors.length > 0 && errors.every((w) => w.code === 11000) ? errors.length : null;
}
