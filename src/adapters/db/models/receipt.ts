import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Idempotency receipts: a processed event, card action, job or message send. Inserting the same
 * `key` twice fails on the unique index, which is how a retry learns the work was already done.
 */
const receiptSchema = new Schema(
  {
    /** The key again: FerretDB's SQLite backend filters only `_id` equality in SQL (see claim.ts). */
    _id: { type: String, required: true },
    key: { type: String, required: true, unique: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    result: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'receipts', versionKey: false },
);
receiptSchema.index({ kind: 1, at: 1 });

export type ReceiptDoc = InferSchemaType<typeof receiptSchema>;
export const receiptModel = (conn: Connection) => conn.model('Receipt', receiptSchema);
