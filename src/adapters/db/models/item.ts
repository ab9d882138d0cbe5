import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { INSPECTION_METHODS, ITEM_CATEGORIES } from '../../../domain/plan-template';
import { auditFields } from '../audit-fields';

const monthDay = { month: { type: Number, required: true }, day: { type: Number, required: true } };

/** 抽查事项: every column of 随机抽查事项清单 plus section 四's responsibilities and dates. */
const itemSchema = new Schema(
  {
    ...auditFields,
    code: { type: String, required: true, unique: true },
    seq: { type: Number, required: true },
    department: { type: String, required: true },
    name: { type: String, required: true },
    basis: { type: String, required: true },
    inspectingBody: { type: String, required: true },
    category: { type: String, required: true, enum: Object.keys(ITEM_CATEGORIES) },
    targetType: { type: String, required: true },
    ratio: {
      kind: { type: String, required: true, enum: ['fixed', 'range'] },
      percent: Number,
      minPercent: Number,
      maxPercent: Number,
    },
    ratioText: { type: String, required: true },
    frequencyPerYear: { type: Number, required: true },
    frequencyText: { type: String, required: true },
    methods: { type: [String], enum: INSPECTION_METHODS, required: true },
    remark: { type: String, default: '' },
    aliases: { type: [String], default: [] },
    section: {
      type: new Schema(
        {
          heading: { type: String, required: true },
          scope: { type: String, required: true },
          poolName: { type: String, required: true },
          poolWindow: {
            fromMonth: { type: Number, required: true },
            toMonth: { type: Number, required: true },
          },
          poolMethod: { type: String, default: '' },
          ratioText: { type: String, required: true },
          drawBy: monthDay,
          deadline: monthDay,
          deadlineNote: { type: String, default: '' },
          leader: { type: String, required: true },
          unit: { type: String, required: true },
          responsiblePerson: { type: String, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    /** 现场材料 must be attached before a report of this item's tasks is filed (the plan's 现场材料 column). */
    evidenceRequired: { type: Boolean, default: false },
    /** Overrides of the draw defaults (src/domain/draw/policy.ts); absent fields keep the default. */
    drawPolicy: {
      type: new Schema(
        {
          stratify: Boolean,
          excludeWithinDays: Number,
          inspectorsPerTask: Number,
          allowOtherUnits: Boolean,
        },
        { _id: false },
      ),
      default: undefined,
    },
    active: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'items' },
);

export type ItemDoc = InferSchemaType<typeof itemSchema>;
export const itemModel = (conn: Connection) => conn.model('Item', itemSchema);
