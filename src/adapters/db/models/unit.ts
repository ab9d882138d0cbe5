import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

const unitSchema = new Schema(
  {
    name: { type: String, required: true, unique: true },
    kind: { type: String, required: true, enum: ['leadership', 'office', 'brigade', 'station'] },
  },
  { timestamps: true, collection: 'units' },
);
unitSchema.plugin(auditFields);

export type UnitDoc = InferSchemaType<typeof unitSchema> & { createdBy: string; updatedBy: string };
export const unitModel = (conn: Connection) => conn.model('Unit', unitSchema);
