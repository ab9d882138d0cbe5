import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

export const TASK_STATUSES = ['open', 'reported', 'returned', 'accepted'] as const;

/** One target to inspect by its matched inspectors before a deadline. */
const taskSchema = new Schema(
  {
    /**
     * The task number itself: on FerretDB's SQLite backend only an `_id` equality is filtered in SQL
     * (any other field is a scan decoded in Go, ~10× the cost), and a click looks a task up by number.
     */
    _id: { type: String, required: true },
    ...auditFields,
    taskNo: { type: String, required: true, unique: true },
    drawNo: { type: String, required: true, index: true },
    year: { type: Number, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    round: { type: Number, required: true },
    unitName: { type: String, required: true },
    targetCreditCode: { type: String, required: true },
    targetName: { type: String, required: true },
    targetAddress: { type: String, default: '' },
    inspectorKeys: { type: [String], required: true },
    deadline: { type: String, required: true },
    status: { type: String, required: true, enum: TASK_STATUSES, default: 'open' },
    reportedAt: { type: Date, default: null },
    /** Times the unit sent the report back; the next filing is round returnCount + 1. */
    returnCount: { type: Number, default: 0 },
    dispatchedOn: { type: String, default: null },
  },
  { timestamps: true, collection: 'tasks' },
);
taskSchema.index({ status: 1, deadline: 1 });
taskSchema.index({ inspectorKeys: 1, status: 1 });

export type TaskDoc = InferSchemaType<typeof taskSchema>;

export const taskModel = (conn: Connection) => conn.model('Task', taskSchema);

/** The task numbered `taskNo`, looked up by `_id` (see above). */
export async function findTask<P extends Record<string, 0 | 1> | undefined = undefined>(
  model: ReturnType<typeof taskModel>,
  taskNo: string,
  projection?: P,
) {
  return model.findOne({ _id: taskNo }, projection).lean();
}
