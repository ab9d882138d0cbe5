import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { auditFields } from '../audit-fields';

/**
 * One inspector of a dispatched task replaced (改派, REASSIGN-1: src/domain/draw/reassign.ts): proposed
 * when the need is found — candidates and a secret committed, published with the draw — and decided by
 * the unit head's phrase. `_id` `<taskNo>|<replaced key>`: found once, proposed once.
 */
const reassignmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    ...auditFields,
    taskNo: { type: String, required: true },
    drawNo: { type: String, required: true },
    unitName: { type: String, required: true },
    targetName: { type: String, required: true },
    /** REASSIGN-1's inputs (taskNo, replaced, reason, date, deadline, candidates). */
    inputs: { type: Schema.Types.Mixed, required: true },
    /** Names of the replaced inspector and the candidates, as the cards and the public page show them. */
    names: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: ['proposed', 'decided'], default: 'proposed' },
    /** The server's 32 secret bytes (hex): unread until decided, then published. */
    secret: { type: String, required: true, select: false },
    secretCommitment: { type: String, required: true },
    commitment: { type: String, required: true },
    phrase: { type: String, default: null },
    seed: { type: String, default: null },
    picked: { type: String, default: null },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'reassignments' },
);

export type ReassignmentDoc = InferSchemaType<typeof reassignmentSchema>;
export const reassignmentModel = (conn: Connection) => conn.model('Reassignment', reassignmentSchema);
