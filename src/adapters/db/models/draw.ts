import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { DISQUALIFICATIONS } from '../../../domain/qualification';
import { auditFields } from '../audit-fields';

/**
 * proposed → submitted → approved → dispatched; or → rejected / cancelled; or failed at once (a plan
 * that cannot be drawn). The authoritative state is in the transition receipts
 * (src/services/draw-store.ts); `status` here mirrors it for queries.
 */
export const DRAW_STATUSES = [
  'proposed',
  'submitted',
  'approved',
  'rejected',
  'cancelled',
  'dispatched',
  'failed',
] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/**
 * One attempt (抽取) at one round of one item: its verifiable inputs and, once approved, its result.
 * DRAW-2 (docs/draw-algorithm.md): the proposal stores the inputs, the commitments and the plan; the
 * server's `secret` and `recusalKey` stay unread (select: false) until the attempt ends; the selection
 * exists only after approval. DRAW-1 attempts (older) stored their seed and selection at proposal.
 */
const drawSchema = new Schema(
  {
    ...auditFields,
    /**
     * The draw number again: FerretDB filters only an `_id` equality in SQL, any other filter decodes every
     * draw (since 2026-12; older databases are moved by `migrateKeyIds`).
     */
    _id: {
      type: String,
      required: true,
      // Called without a document too (an upsert's defaults, filtered by `_id` anyway).
      default(this: { drawNo?: string } | null) {
        return this?.drawNo;
      },
    },
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
    /**
     * DRAW-2 since 2026-12: the pool as the `pool_chunks` it was read from, cited rather than copied;
     * `parts.pool` and `parts.poolAddresses` are then 0. Earlier draws: empty. With `poolAddressChunks`
     * (since 2026-12-03) each is the canonical JSON of a run of the pool; without, entries with addresses.
     */
    poolChunks: { type: [String], default: [] },
    /** The addresses of the runs of `poolChunks` (private: for the task cards), one chunk per run. */
    poolAddressChunks: { type: [String], default: [] },
    /** How many chunks of each list (DRAW-2's conflicts and pool addresses: private). */
    parts: {
      pool: { type: Number, required: true },
      officers: { type: Number, required: true },
      conflicts: { type: Number, default: 0 },
      poolAddresses: { type: Number, default: 0 },
      selections: { type: Number, required: true },
      addresses: { type: Number, required: true },
    },
    /** SHA-256 of the secret (DRAW-1: of the seed), published with the proposal. */
    seedCommitment: { type: String, required: true },
    /** DRAW-1 only: the seed, chosen at proposal. */
    seed: { type: String, select: false },
    /** DRAW-2: the server's 32 secret bytes (hex), committed at proposal, revealed when the attempt ends. */
    secret: { type: String, select: false },
    /** DRAW-2: the key the recusal salts derive from; never published. */
    recusalKey: { type: String, select: false },
    /** DRAW-2: what the proposal binds (SHA-256 of the inputs' hash and the secret's commitment). */
    commitment: { type: String, default: null },
    /** DRAW-2: the plan as published (strata, coded notes; or the coded reason it cannot be drawn). */
    plan: { type: Schema.Types.Mixed, default: null },
    hashes: { pool: String, officers: String, inputs: String, recusals: String },
    poolSize: { type: Number, required: true },
    /** An inspector of its tasks was replaced (改派): its publication lists the reassignments. */
    reassigned: { type: Boolean, default: false },
    /**
     * Officers the roster lists as active whom this attempt left out (`active: false` in its inputs): why,
     * coarsely (src/domain/qualification.ts). Published with the attempt; since 2026-12, earlier: absent.
     */
    excluded: {
      type: [
        new Schema(
          { key: String, name: String, reason: { type: String, enum: DISQUALIFICATIONS } },
          { _id: false },
        ),
      ],
      default: undefined,
    },
    count: { type: Number, required: true },
    strata: [{ _id: false, stratum: String, size: Number, bp: Number, count: Number }],
    /** DRAW-1's notes as text (DRAW-2 renders them from `plan`). */
    notes: { type: [String], default: [] },
    deadline: { type: String, required: true },
    /** The Shanghai date its tasks were created (since 2026-12; earlier draws' tasks carry it themselves). */
    dispatchedOn: { type: String, default: null },
    /** Proposed after the round's draw-by date (逾期抽取); its deadline is then moved on (LATE_DRAW_WORKDAYS). */
    late: { type: Boolean, default: false },
    proposedBy: { type: String, required: true },
  },
  { timestamps: true, collection: 'draws' },
);
drawSchema.index({ year: 1, itemCode: 1, round: 1 });
drawSchema.index({ status: 1 });

export type DrawDoc = InferSchemaType<typeof drawSchema>;
export const drawModel = (conn: Connection) => conn.model('Draw', drawSchema);
