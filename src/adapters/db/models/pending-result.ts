import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The results waiting for 公示, each under its task number, with what `/公示` and the schedule's reminders
 * show: the publications hold every result ever published, and FerretDB filters them by status only by
 * decoding each one; this collection holds the waiting ones alone. Kept beside the publication's own
 * status (src/services/publications.ts): in when a review is accepted, out when published.
 */
const pendingResultSchema = new Schema(
  {
    /** The task number. */
    _id: { type: String, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    unitName: { type: String, required: true },
    targetName: { type: String, required: true },
    resultCategory: { type: String, required: true },
    readyOn: { type: String, required: true },
    dueBy: { type: String, required: true },
  },
  { collection: 'pending_results', versionKey: false },
);

export type PendingResultDoc = InferSchemaType<typeof pendingResultSchema>;
export const pendingResultModel = (conn: Connection) => conn.model('PendingResult', pendingResultSchema);
