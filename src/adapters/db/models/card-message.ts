import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Every card the bot sent about a draw, task or plan (the proposer's preview, the leader's approval card,
 * …), so that each copy is brought to the final state. Read and written by `_id` only (FerretDB filters
 * nothing else in SQL; this ledger grows with every card sent), two kinds of document:
 * - `card:<subject>#<n>`, the subject's n-th card (n from 1, no gaps: one insert claims each number, so
 *   concurrent sends lose nothing, where pushing onto one array would);
 * - `msg:<messageId>`, which subject the message shows now and under which entry: a card reused for
 *   another subject (重新发起 on the old preview) marks its old entry `moved`.
 * Since 2026-12; the older `card_messages` (one document per card, generated ids) is copied in once.
 */
const cardMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    /** The draw number, task number or plan version the card shows. */
    subject: { type: String, required: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    /** On a pointer (`msg:`): the entry it names. */
    entry: { type: String },
    /** On an entry: the message shows another subject now. */
    moved: { type: Boolean },
  },
  { collection: 'card_copies', versionKey: false },
);

export type CardMessageDoc = InferSchemaType<typeof cardMessageSchema>;
export const cardMessageModel = (conn: Connection) => conn.model('CardMessage', cardMessageSchema);
