import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

const unitSchema = new Schema(
  {
    ...auditFields,
    name: { type: String, required: true, unique: true },
    kind: { type: String, required: true, enum: ['leadership', 'office', 'brigade', 'station'] },
    /** The unit's work chat with the bot, where its task lists go; without one they go to its 责任人. */
    chatId: { type: String, default: null },
  },
  { timestamps: true, collection: 'units' },
);

export type UnitDoc = InferSchemaType<typeof unitSchema>;
export const unitModel = (conn: Connection) => conn.model('Unit', unitSchema);
