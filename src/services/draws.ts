import type { DrawStatus } from '../adapters/db/models/draw';
import type { Models } from '../adapters/db/models';
import type { Selection } from '../domain/draw/core';
import type { DrawInputs, OfficerEntry, PoolEntry } from '../domain/draw/engine';
import { RECORD_FORMAT, type DrawRecord } from '../domain/draw/record';
import { recordV2 } from '../domain/draw/v2/record';
import type { RecordV2, SelectionV2 } from '../domain/draw/v2/schema';
import type { ReassignRecord } from '../domain/draw/reassign';

/** A decided 改派 as a draw's record carries it. */
type ReassignedRecord = ReassignRecord & { taskNo: string };
import {
  requireDraw,
  revealedOf,
  summarise,
  transitions,
  type DrawSummary,
  type StoredDraw,
  type Transition,
} from './draw-store';
import { readParts, selectionsOf, selectionWriter } from './draw-parts';
import { decideApproval } from './draw-decide';
import { publishedReassignments } from './draw-publication';
import { ensureSelection, storedProposal } from './draw-dispatch';

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
 * truth; `draws.status` mirrors them for queries. Proposing is in draw-propose.ts, the decisions in
 * draw-decide.ts, the selection and the tasks in draw-dispatch.ts, a transition's record in
 * draw-transition.ts; this module is what the rest of the bot imports.
 */

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

/** A draw's summary, or null if there is no such draw. */
export async function findDraw(models: Models, drawNo: string): Promise<DrawSummary | null> {
  const draw = await models.Draw.findOne({ _id: drawNo }).lean();
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
export async function drawRecord(
  models: Models,
  drawNo: string,
): Promise<DrawRecord | RecordV2 | (RecordV2 & { reassignments: ReassignedRecord[] })> {
  const draw = await requireDraw(models, drawNo);
  if (draw.algorithmVersion === 'DRAW-1') return drawRecordV1(models, draw);
  const [{ proposal }, revealed, writer] = await Promise.all([
    storedProposal(models, draw),
    revealedOf(models, drawNo),
    selectionWriter(models, draw),
  ]);
  if (!revealed.phrase || !revealed.seed || !writer) return recordV2(proposal, { secret: revealed.secret });
  const selections = await readParts<SelectionV2>(models, drawNo, writer, 'selections');
  const record = recordV2(proposal, {
    secret: revealed.secret,
    phrase: revealed.phrase,
    seed: revealed.seed,
    selections,
  });
  // Its decided 改派, checked with the record (docs/draw-algorithm.md §10); the draw's own part is unchanged.
  const replaced = draw.reassigned ? await publishedReassignments(models, drawNo) : [];
  return replaced.length
    ? { ...record, reassignments: replaced.map(({ names: _names, ...r }) => r) }
    : record;
}

// --- internals ---

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

export {
  submitDraw,
  cleanPhrase,
  decideApproval,
  rejectDraw,
  cancelDraw,
  recordedDecision,
} from './draw-decide';
export { type DispatchOutcome, dispatchDraw, finishApproval } from './draw-dispatch';
export type { DrawStatus };
