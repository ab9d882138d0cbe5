import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Every card the bot sent about a draw or task (the proposer's preview, the leader's approval card, …),
 * so that each copy is brought to the final state. One insert per card: nothing to lose under
 * concurrency, where pushing onto an array in the draw would be.
 */
const cardMessageSchema = new Schema(
  {
    messageId: { type: String, required: true, unique: true },
    /** The draw number or task number the card shows. */
    subject: { type: String, required: true, index: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'card_messages', versionKey: false },
);

export type CardMessageDoc = InferSchemaType<typeof cardMessageSchema>;
export const cardMessageModel = (conn: Connection) => conn.model('CardMessage', cardMessageSchema);
