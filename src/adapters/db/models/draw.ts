import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

/**
 * proposed → submitted → approved → dispatched; or → rejected / cancelled. The authoritative state is
 * in the transition receipts (src/services/draws.ts); `status` here mirrors it for queries.
 */
export const DRAW_STATUSES = [
  'proposed',
  'submitted',
  'approved',
  'rejected',
  'cancelled',
  'dispatched',
] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/** One draw (抽取) of one round of one item: its verifiable inputs and its result. */
const drawSchema = new Schema(
  {
    ...auditFields,
    /** Human-facing id, e.g. `CC2026-04-R1-01`. */
    drawNo: { type: String, required: true, unique: true },
    year: { type: Number, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    round: { type: Number, required: true },
    attempt: { type: Number, required: true },
    status: { type: String, required: true, enum: DRAW_STATUSES, default: 'proposed' },
    algorithmVersion: { type: String, required: true },
    /** The draw's inputs except the pool and officer lists, which are in `draw_parts` under `writer`. */
    inputs: { type: Schema.Types.Mixed, required: true },
    writer: { type: String, required: true },
    parts: {
      pool: { type: Number, required: true },
      officers: { type: Number, required: true },
      selections: { type: Number, required: true },
      addresses: { type: Number, required: true },
    },
    /** SHA-256 of the secret seed, shown before approval; the seed itself is revealed once decided. */
    seedCommitment: { type: String, required: true },
    seed: { type: String, required: true, select: false },
    hashes: { pool: String, officers: String, inputs: String },
    poolSize: { type: Number, required: true },
    count: { type: Number, required: true },
    strata: [{ _id: false, stratum: String, size: Number, bp: Number, count: Number }],
    notes: { type: [String], default: [] },
    deadline: { type: String, required: true },
    proposedBy: { type: String, required: true },
  },
  { timestamps: true, collection: 'draws' },
);
drawSchema.index({ year: 1, itemCode: 1, round: 1 });
drawSchema.index({ status: 1 });

export type DrawDoc = InferSchemaType<typeof drawSchema>;
export const drawModel = (conn: Connection) => conn.model('Draw', drawSchema);
