import { Schema, type Connection } from 'mongoose';
import { chunkSchema } from './pool';

/** A task's states until it is done: its work is open, back with the inspectors, or waiting for review. */
export const UNFINISHED = ['open', 'returned', 'reported'] as const;

/**
 * The ledger of unfinished tasks: what the daily schedule, `/我的任务` and the overdue gauge read whole.
 * FerretDB filters a task's status or inspector by decoding every task ever dispatched; the ledger holds
 * only the current work, so reading it costs the same in the bureau's tenth year as in its first. Two
 * parts (src/services/open-tasks.ts):
 *  - `open_task_batches`: a dispatch's tasks as they started (all `open`), content-addressed chunks of
 *    entries of this shape (10,000 documents took 0.7–0.9 s to insert; a chunk, a few milliseconds);
 *  - `open_tasks`, this collection: a task's entry since its status changed, under its number, which
 *    overrides its batch entry; `accepted` marks it done. A batch whose tasks are all done is dropped
 *    with their marks when the ledger is next read.
 */
const openTaskSchema = new Schema(
  {
    /** The task number. */
    _id: { type: String, required: true },
    drawNo: { type: String, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    unitName: { type: String, required: true },
    targetName: { type: String, required: true },
    deadline: { type: String, required: true },
    inspectorKeys: { type: [String], required: true },
    status: { type: String, required: true, enum: [...UNFINISHED, 'accepted'] },
  },
  { collection: 'open_tasks', versionKey: false },
);

export const openTaskModel = (conn: Connection) => conn.model('OpenTask', openTaskSchema);
export const openTaskBatchModel = (conn: Connection) =>
  conn.model('OpenTaskBatch', chunkSchema('open_task_batches'));
