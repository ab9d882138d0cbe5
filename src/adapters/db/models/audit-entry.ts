import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * 全程留痕: an append-only log. `seq` is unique so two writers can never both append entry N;
 * `prevHash`/`hash` chain the entries so tampering is detectable.
 */
const auditEntrySchema = new Schema(
  {
    seq: { type: Number, required: true, unique: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    subject: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    payloadDigest: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_log', versionKey: false },
);
auditEntrySchema.index({ subject: 1, seq: 1 });

export type AuditEntryDoc = InferSchemaType<typeof auditEntrySchema>;
export const auditEntryModel = (conn: Connection) => conn.model('AuditEntry', auditEntrySchema);
