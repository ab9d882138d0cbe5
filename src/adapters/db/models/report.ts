import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

/** An inspector's completion report for a task (one per task), and the unit's review of it. */
const reportSchema = new Schema(
  {
    ...auditFields,
    /**
     * The task number again (one report per task): FerretDB filters only an `_id` equality in SQL (since
     * 2026-12; older databases are moved by `migrateKeyIds`).
     */
    _id: {
      type: String,
      required: true,
      // Called without a document too (an upsert's defaults, filtered by `_id` anyway).
      default(this: { taskNo?: string } | null) {
        return this?.taskNo;
      },
    },
    taskNo: { type: String, required: true, unique: true },
    inspectedOn: { type: String, required: true },
    method: { type: String, required: true },
    resultCategory: { type: String, required: true },
    findings: { type: String, default: '' },
    followUp: { type: String, required: true },
    rectification: { type: String, default: '' },
    submittedBy: { type: String, required: true },
    review: {
      status: { type: String, enum: ['pending', 'accepted', 'returned'], default: 'pending' },
      by: { type: String, default: null },
      at: { type: Date, default: null },
      comment: { type: String, default: '' },
    },
  },
  { timestamps: true, collection: 'reports' },
);

export type ReportDoc = InferSchemaType<typeof reportSchema>;
export const reportModel = (conn: Connection) => conn.model('Report', reportSchema);
