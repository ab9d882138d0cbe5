import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

/** A year's plan derived from the template: each item's rounds with their draw-by dates and deadlines. */
const annualPlanSchema = new Schema(
  {
    ...auditFields,
    year: { type: Number, required: true, unique: true },
    bureau: { type: String, required: true },
    basedOn: { type: String, required: true },
    items: [
      {
        _id: false,
        itemCode: { type: String, required: true },
        name: { type: String, required: true },
        ratio: { kind: String, percent: Number, minPercent: Number, maxPercent: Number },
        frequencyPerYear: { type: Number, required: true },
        rounds: [
          {
            _id: false,
            round: { type: Number, required: true },
            drawBy: { type: String, required: true },
            deadline: { type: String, required: true },
          },
        ],
      },
    ],
    discrepancies: [
      { _id: false, itemCode: String, field: String, list: String, sectionFour: String, resolution: String },
    ],
  },
  { timestamps: true, collection: 'annual_plans' },
);

export type AnnualPlanDoc = InferSchemaType<typeof annualPlanSchema>;
export const annualPlanModel = (conn: Connection) => conn.model('AnnualPlan', annualPlanSchema);
