import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/** A task's states until it is done: its work is open, back with the inspectors, or waiting for review. */
export const UNFINISHED = ['open', 'returned', 'reported'] as const;

/**
 * The unfinished tasks, each under its number: what the daily schedule, `/我的任务` and the overdue gauge
 * read whole. FerretDB filters a task's status or inspector by decoding every task ever dispatched; this
 * collection holds only the current work, so reading it costs the same in the bureau's tenth year as in
 * its first. Kept beside each task's own status change (src/services/open-tasks.ts); an accepted task
 * leaves it.
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
    status: { type: String, required: true, enum: UNFINISHED },
  },
  { collection: 'open_tasks', versionKey: false },
);

export type OpenTaskDoc = InferSchemaType<typeof openTaskSchema>;
export const openTaskModel = (conn: Connection) => conn.model('OpenTask', openTaskSchema);
