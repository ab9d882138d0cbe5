import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * 全程留痕: an append-only log. `seq` is unique so two writers can never both append entry N;
 * `prevHash`/`hash` chain the entries so tampering is detectable.
 */
const auditEntrySchema = new Schema(
  {
    /**
     * The entry's number as text (`auditId(seq)`): FerretDB's SQLite backend filters in SQL only an
     * `_id` equality with a string (a number, or `_id` with another condition, is a scan), and appending
     * reads the newest entries by number (src/services/audit.ts).
     */
    _id: { type: String, required: true },
    seq: { type: Number, required: true, unique: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    subject: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    payloadDigest: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    /**
     * Idempotency key of the state change this entry records (e.g. `draw:CC2026-04-R1-01:decide`), or
     * `seq:<n>`: a retried change finds its entry instead of writing a second one. Not hashed: it says
     * nothing about what happened, only how to find it.
     */
    key: { type: String, required: true, unique: true },
  },
  // minimize: false keeps an empty `details` ({}) as written, so its digest still matches.
  { collection: 'audit_log', versionKey: false, minimize: false },
);
auditEntrySchema.index({ subject: 1, seq: 1 });

export type AuditEntryDoc = InferSchemaType<typeof auditEntrySchema>;
export const auditEntryModel = (conn: Connection) => conn.model('AuditEntry', auditEntrySchema);

/** An entry's `_id`: its number, zero-padded so the ids also sort as the numbers do. */
export const auditId = (seq: number): string => String(seq).padStart(12, '0');
