import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { CREDIT_LEVELS, RISK_LEVELS, TARGET_STATUSES } from '../../../domain/target';
import { auditFields } from '../audit-fields';

/**
 * 检查对象名录库: one document per market entity, keyed by 统一社会信用代码 — as `_id` too (since 2026-12):
 * FerretDB's SQLite backend filters only an `_id` equality in SQL, so a lookup by `creditCode` scanned
 * (4.2 s at 100,000 targets, inside a review's callback). Earlier databases are migrated at start-up
 * (`migrateKeyIds`).
 */
const targetSchema = new Schema(
  {
    _id: { type: String, required: true },
    ...auditFields,
    creditCode: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    address: { type: String, default: '' },
    legalRepresentative: { type: String, default: '' },
    phone: { type: String, default: '' },
    itemCodes: { type: [String], required: true, index: true },
    creditLevel: { type: String, enum: CREDIT_LEVELS, default: 'B' },
    riskLevel: { type: String, enum: RISK_LEVELS, default: 'medium' },
    status: { type: String, enum: TARGET_STATUSES, default: 'open' },
    /** Last inspection per item, for the no-repeat window and rotation. */
    lastInspections: {
      type: [{ _id: false, itemCode: String, date: String, drawNo: String, inspectorKeys: [String] }],
      default: [],
    },
  },
  { timestamps: true, collection: 'targets' },
);

export type TargetDoc = InferSchemaType<typeof targetSchema>;
export const targetModel = (conn: Connection) => conn.model('Target', targetSchema);
