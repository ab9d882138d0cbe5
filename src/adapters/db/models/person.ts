import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { ROLES } from '../../../domain/plan-template';
import { ABSENCE_KINDS } from '../../../domain/qualification';
import { auditFields } from '../audit-fields';

/** People of the bureau: the leadership of the plan and the 执法检查人员名录库. */
const personSchema = new Schema(
  {
    ...auditFields,
    /** Unique identity: `badge:<执法证号>` for officers, `name:<姓名>` for people without a badge number. */
    key: { type: String, required: true, unique: true },
    name: { type: String, required: true, index: true },
    /** 执法证号. */
    badgeNo: { type: String, default: null },
    unitName: { type: String, required: true, index: true },
    title: { type: String, default: '' },
    roles: { type: [String], enum: Object.keys(ROLES), default: [] },
    /** Item codes this officer may inspect (执法领域); empty means any item of the unit. */
    areas: { type: [String], default: [] },
    /** Credit codes of targets the officer declared a conflict with (回避). */
    conflicts: { type: [String], default: [] },
    active: { type: Boolean, default: true },
    /** 执法证 issue and expiry dates (YYYY-MM-DD; valid through the expiry), null when not recorded. */
    certIssued: { type: String, default: null },
    certExpires: { type: String, default: null },
    /** A 休假/停职/调离 period from the roster (src/domain/qualification.ts); the draw excludes its window. */
    absence: {
      type: new Schema(
        { kind: { type: String, enum: ABSENCE_KINDS, required: true }, from: String, to: String },
        { _id: false },
      ),
      default: null,
    },
    mobile: { type: String, default: null },
    email: { type: String, default: null },
    feishuOpenId: { type: String, default: null, index: true },
  },
  { timestamps: true, collection: 'people' },
);

export type PersonDoc = InferSchemaType<typeof personSchema>;
export const personModel = (conn: Connection) => conn.model('Person', personSchema);
