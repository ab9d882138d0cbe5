import { Schema, type Connection, type InferSchemaType } from 'mongoose';

export const TASK_STATUSES = ['open', 'reported', 'returned', 'accepted'] as const;

/**
 * One target to inspect by its matched inspectors: what is its own. What all tasks of a draw share (the
 * item, round, unit, deadline, dispatch day) is stored once, on the draw, and joined on reading
 * (src/services/task-records.ts): a draw of 10,000 targets wrote it 10,000 times, and each field of a
 * task costs FerretDB time on insert (21 fields took twice as long as 8). Tasks written before 2026-12
 * carry those fields themselves, with the same values.
 */
const taskSchema = new Schema(
  {
    /**
     * The task number itself: on FerretDB's SQLite backend only an `_id` equality is filtered in SQL
     * (any other field is a scan decoded in Go, ~10× the cost), and a click looks a task up by number.
     */
    _id: { type: String, required: true },
    /** The task number again (unique through `_id`), as callers and exports name it. */
    taskNo: { type: String, required: true },
    drawNo: { type: String, required: true, index: true },
    targetCreditCode: { type: String, required: true },
    targetName: { type: String, required: true },
    targetAddress: { type: String, default: '' },
    inspectorKeys: { type: [String], required: true },
    status: { type: String, required: true, enum: TASK_STATUSES, default: 'open' },
    reportedAt: { type: Date, default: null },
    /** Times the unit sent the report back; the next filing is round returnCount + 1. */
    returnCount: { type: Number, default: 0 },
    /** Who changed the task last (its creation is the draw's dispatch, audited there). */
    updatedBy: { type: String },
  },
  // No index on status or inspectors: the ledger of unfinished tasks serves those lists (open-task.ts).
  { timestamps: true, collection: 'tasks' },
);

export type TaskDoc = InferSchemaType<typeof taskSchema>;

export const taskModel = (conn: Connection) => conn.model('Task', taskSchema);
