import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

import { PLAN_STATUSES } from '../../../domain/plan-template';

export { PLAN_STATUSES, type PlanStatus } from '../../../domain/plan-template';

/**
 * Each version of a year's plan as submitted (a file from the office) and decided (by the 领导小组组长):
 * the plan itself, who sent it, and the decision with its 文号 and effective date. Keyed `<year>-<n>`;
 * a handful per year, so reading a year's versions is cheap on every backend.
 */
const planVersionSchema = new Schema(
  {
    ...auditFields,
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true, enum: PLAN_STATUSES },
    /** The plan (a PlanTemplate, validated), with the 文号 filled in on approval. */
    template: { type: Schema.Types.Mixed, required: true },
    /** SHA-256 of the plan as submitted: the same file twice is one version. */
    digest: { type: String, required: true },
    fileName: { type: String, required: true },
    submittedBy: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    /** The 文号 the file's title names, offered on the approval card. */
    docNumberHint: { type: String, default: '' },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    docNumber: { type: String, default: '' },
    /** From this day (Asia/Shanghai) its people and responsibilities hold. */
    effectiveOn: { type: String, default: null },
    reason: { type: String, default: '' },
    /** When its units, people and items were written to the bureau's data (on or after effectiveOn). */
    appliedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'plan_versions', minimize: false },
);

export type PlanVersionDoc = InferSchemaType<typeof planVersionSchema>;
export const planVersionModel = (conn: Connection) => conn.model('PlanVersion', planVersionSchema);
