import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { OBJECTION_STATUSES } from '../../../domain/objection';
import { auditFields } from '../audit-fields';

/**
 * 异议 against a published result (src/domain/objection.ts): `_id` `<taskNo>#<n>`, numbered per result;
 * one open at a time (the receipt `objection-open:<taskNo>` holds its id while it is).
 */
const objectionSchema = new Schema(
  {
    _id: { type: String, required: true },
    ...auditFields,
    taskNo: { type: String, required: true },
    /** The result's year (its task's): 考评 counts objections by it. */
    year: { type: Number, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    unitName: { type: String, required: true },
    targetName: { type: String, required: true },
    /** Who objected (the business, or its representative), as the office wrote it. */
    objector: { type: String, required: true },
    receivedOn: { type: String, required: true },
    /** What the business says (internal: never published). */
    content: { type: String, required: true },
    /** The published result objected to: its result, follow-up and rectification then. */
    before: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: OBJECTION_STATUSES, default: 'open' },
    /** The decision's deadline (working days from recording): reminded before, escalated after. */
    dueBy: { type: String, required: true },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    /** The 责任局领导's reason (internal). */
    reason: { type: String, default: null },
    /** 更正: the result's new fields. */
    correction: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, collection: 'objections' },
);

export type ObjectionDoc = InferSchemaType<typeof objectionSchema>;
export const objectionModel = (conn: Connection) => conn.model('Objection', objectionSchema);
