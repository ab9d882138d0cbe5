import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

const unitSchema = new Schema(
  {
    ...auditFields,
    name: { type: String, required: true, unique: true },
    kind: { type: String, required: true, enum: ['leadership', 'office', 'brigade', 'station'] },
  },
  { timestamps: true, collection: 'units' },
);

export type UnitDoc = InferSchemaType<typeof unitSchema>;
export const unitModel = (conn: Connection) => conn.model('Unit', unitSchema);
