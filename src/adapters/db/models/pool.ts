import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * An item's pool (检查对象名录库 as a draw reads it) kept ready to draw from, so that a proposal reads a
 * few dozen documents instead of every target. Keyed by item code. The snapshot is current while
 * `builtStamp` equals the item's change stamp (`stamps` `pool:<item>`, set before and after each write
 * to its targets, see src/services/pool-snapshots.ts). A stale or missing one is rebuilt from the
 * targets when needed.
 */
const poolSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The item's change stamp read before the targets were read for `chunks`; null: never built. */
    builtStamp: { type: String, default: null },
    /**
     * How the snapshot is stored (src/services/pool-snapshots.ts `POOL_FORMAT`): 2, `chunks` each the
     * canonical JSON of a run of the pool and `addressChunks` their addresses; none (1), `chunks` of
     * entries with their addresses. A head of another format is rebuilt as a stale one.
     */
    format: { type: Number, default: null },
    /** The snapshot: `pool_chunks` ids in credit-code order. */
    chunks: { type: [String], default: [] },
    /** The addresses of each of `chunks`' runs (format 2), one `pool_chunks` id per run. */
    addressChunks: { type: [String], default: [] },
    size: { type: Number, default: 0 },
    builtAt: { type: Date, default: null },
    /**
     * The snapshot's entries checked against the draw record's rules when it was built
     * (`TARGET_RULES_VERSION`; 0: not checked, built before) and the first entry they refuse, or null.
     */
    checkedVersion: { type: Number, default: 0 },
    problem: {
      type: new Schema({ path: String, message: String }, { _id: false }),
      default: null,
    },
  },
  { collection: 'pools', versionKey: false },
);

/**
 * A piece of a pool snapshot, content-addressed: `_id` is the SHA-256 of its entries' JSON, so a chunk
 * that did not change between two snapshots (or two items) is stored once, and a draw citing it can
 * never see it change. Entries are gzip'd JSON in one binary field (a 5,000-entry chunk: 1 MB of JSON,
 * ~70 kB stored; FerretDB converts every field it reads, so one blob reads fastest).
 */
/** The schema of a content-addressed chunk collection (pool snapshots, the target registry). */
export const chunkSchema = (collection: string) =>
  new Schema(
    {
      _id: { type: String, required: true },
      count: { type: Number, required: true },
      gzip: { type: Buffer, required: true },
    },
    { collection, versionKey: false },
  );
const poolChunkSchema = chunkSchema('pool_chunks');

export type PoolDoc = InferSchemaType<typeof poolSchema>;
export const poolModel = (conn: Connection) => conn.model('Pool', poolSchema);
export const poolChunkModel = (conn: Connection) => conn.model('PoolChunk', poolChunkSchema);
