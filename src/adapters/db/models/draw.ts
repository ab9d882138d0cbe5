import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

export const DRAW_STATUSES = ['proposed', 'approved', 'rejected', 'dispatched', 'cancelled'] as const;

/** One draw (抽取) of one round of one item: its verifiable inputs and its result. */
const drawSchema = new Schema(
  {
    ...auditFields,
    /** Human-facing id, e.g. `CC2026-04-1`. */
    drawNo: { type: String, required: true, unique: true },
    year: { type: Number, required: true },
    itemCode: { type: String, required: true },
    round: { type: Number, required: true },
    status: { type: String, required: true, enum: DRAW_STATUSES, default: 'proposed' },
    algorithmVersion: { type: String, required: true },
    /** SHA-256 of the secret seed, shown before approval; the seed itself is revealed on dispatch. */
    seedCommitment: { type: String, required: true },
    seed: { type: String, select: false },
    seedRevealedAt: { type: Date, default: null },
    poolHash: { type: String, required: true },
    officersHash: { type: String, required: true },
    poolSize: { type: Number, required: true },
    count: { type: Number, required: true },
    selections: [{ _id: false, creditCode: String, inspectorKeys: [String] }],
    proposedBy: { type: String, required: true },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'draws' },
);
drawSchema.index({ year: 1, itemCode: 1, round: 1 });

export type DrawDoc = InferSchemaType<typeof drawSchema>;
export const drawModel = (conn: Connection) => conn.model('Draw', drawSchema);
