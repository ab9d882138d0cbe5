import { putChunk, putChunkJson, readChunks, readRawChunks, unpackJson } from '../adapters/db/chunk-store';
import { canonicalPool, joinedPool } from '../domain/draw/v2/protocol';
import type { Models } from '../adapters/db/models';
import { sortedSet } from '../domain/draw/canonical';
import { poolProblem, TARGET_RULES_VERSION, type FormProblem, type InputsV2 } from '../domain/draw/v2/schema';
import { chunkBy } from '../domain/pool-chunks';
import { allTargets } from './target-registry';
import { lastInspectionsOf } from './targets';
import { readStamp, touchStamp } from '../adapters/db/stamps';

/**
 * Each item's pool kept ready to draw from (`pools` heads citing content-addressed `pool_chunks`): a
 * proposal reads ~25 chunks instead of 100,000 targets, and cites them instead of copying them.
 *
 * Freshness: every write to targets sets the item's change stamp (`pool:<item>` in `stamps`) before and
 * after it (`markPoolsChanged`); a build records the stamp it read before reading the targets. A write
 * the build could have missed sets a new stamp after the build read it, so the snapshot shows stale and is
 * built again. The stamp is its own document, never the head: FerretDB writes a whole document as it read
 * it, so a counter kept beside the head lost a change written while a build stored the head. (The one
 * gap: a process that dies between its write and the second stamp, while a build is reading — the
 * snapshot then lags until the next change to the item's targets.)
 */

/** The head's `format`: 2, canonical runs of the pool and their addresses apart (1, or none: entries with addresses). */
export const POOL_FORMAT = 2;

export interface PoolSnapshot {
  /** The pool as a draw's inputs take it, in credit-code order. */
  pool: InputsV2['pool'];
  /** Its canonical JSON as read, in pieces (what the draw's hash is of: `joinedPool`). */
  json: Buffer[];
  /** The `pool_chunks` ids, in order, each the canonical JSON of a run of the pool: what a draw cites. */
  chunks: string[];
  /** The runs' addresses (for the task cards), one `pool_chunks` id per run. */
  addressChunks: string[];
  /**
   * The entries as the draw record's rules see them, checked when the snapshot was built: the first
   * refused, or null; undefined when not checked under the current rules (the proposal checks them).
   */
  problem?: FormProblem | null;
}

/** An entry of a format-1 snapshot (before 2026-12-03): what DRAW-2 reads of a target, and its address. */
type LegacyEntry = InputsV2['pool'][number] & { address: string };

/** A format-1 snapshot's entries as a draw's inputs take them, and their addresses in the same order. */
const splitAddresses = (entries: readonly LegacyEntry[]) => ({
  pool: entries.map((e) => ({
    creditCode: e.creditCode,
    name: e.name,
    creditLevel: e.creditLevel,
    status: e.status,
    lastInspected: e.lastInspected,
    lastInspectors: e.lastInspectors,
  })),
  addresses: entries.map((e) => e.address),
});

/** The change stamp of an item's targets. */
const poolStamp = (itemCode: string) => `pool:${itemCode}`;

/** Whether a head's snapshot reflects every change to its targets, the item's stamp being `stamp`. */
const isCurrent = (head: { builtStamp?: string | null; format?: number | null }, stamp: string): boolean =>
  head.builtStamp === stamp && head.format === POOL_FORMAT;

/** Marks the items' snapshots stale: call before and after writing their targets. */
export async function markPoolsChanged(models: Models, itemCodes: Iterable<string>): Promise<void> {
  // The stamp's time is for an operator reading it; freshness goes by its value alone.
  const at = new Date();
  await Promise.all([...new Set(itemCodes)].map((code) => touchStamp(models, poolStamp(code), at)));
}

/** The item's head and its current change stamp, read together. */
const headOf = (models: Models, itemCode: string) =>
  Promise.all([models.Pool.findOne({ _id: itemCode }).lean(), readStamp(models, poolStamp(itemCode))]);

/** The item's current snapshot: the stored one if current, else built from the targets now. */
export async function currentPool(models: Models, itemCode: string): Promise<PoolSnapshot> {
  const [head, stamp] = await headOf(models, itemCode);
  if (head && isCurrent(head, stamp))
    return {
      ...(await readPoolRuns(models, head.chunks)),
      chunks: head.chunks,
      addressChunks: head.addressChunks,
      ...(head.checkedVersion === TARGET_RULES_VERSION
        ? { problem: head.problem ? { path: head.problem.path!, message: head.problem.message! } : null }
        : {}),
    };
  return buildPool(models, itemCode, stamp);
}

/**
 * The items whose snapshot is stale or was never built, with the stamp that made it so (each rebuild is
 * one job per stamp); each head and stamp read by `_id`.
 */
export async function stalePools(models: Models): Promise<{ itemCode: string; stamp: string }[]> {
  const codes = (await models.Item.find({}, { code: 1 }).lean()).map((i) => i.code);
  const heads = await Promise.all(codes.map((code) => headOf(models, code)));
  return heads.flatMap(([head, stamp], i) =>
    head && isCurrent(head, stamp) ? [] : [{ itemCode: codes[i]!, stamp }],
  );
}

/** Rebuilds the item's snapshot if it is stale (the `refresh-pool` job, after an import); true if it did. */
export async function refreshPool(models: Models, itemCode: string): Promise<boolean> {
  const [head, stamp] = await headOf(models, itemCode);
  if (head && isCurrent(head, stamp)) return false;
  await buildPool(models, itemCode, stamp);
  return true;
}

/** Reads the targets of the item into a snapshot, stores its new chunks and makes it the item's. */
export async function buildPool(models: Models, itemCode: string, stamp: string): Promise<PoolSnapshot> {
  // Only the item's targets are kept (read chunk by chunk), in credit-code order as DRAW-2 sorts.
  const [targets, last] = await Promise.all([
    allTargets(models, (t) => t.itemCodes.includes(itemCode)),
    lastInspectionsOf(models, itemCode),
  ]);
  const runs = chunkBy(targets, (t) => t.creditCode).map((run) => ({
    pool: run.map((t): InputsV2['pool'][number] => {
      const l = last.get(t.creditCode);
      return {
        creditCode: t.creditCode,
        name: t.name,
        creditLevel: t.creditLevel,
        status: t.status,
        lastInspected: l?.date ?? null,
        lastInspectors: sortedSet(l?.inspectorKeys ?? []),
      };
    }),
    addresses: run.map((t) => t.address),
  }));
  const pool = runs.flatMap((r) => r.pool);
  const encoded = runs.map((r) => canonicalPool(r.pool));
  const [chunks, addressChunks] = await Promise.all([
    Promise.all(encoded.map((json, i) => putChunkJson(models.PoolChunk, json, runs[i]!.pool.length))),
    Promise.all(runs.map((r) => putChunk(models.PoolChunk, r.addresses))),
  ]);
  // Checked once here, not by every proposal that draws from it (the snapshot never changes).
  const problem = poolProblem(pool);
  await models.Pool.updateOne(
    { _id: itemCode },
    {
      $set: {
        builtStamp: stamp,
        format: POOL_FORMAT,
        chunks,
        addressChunks,
        size: pool.length,
        builtAt: new Date(),
        checkedVersion: TARGET_RULES_VERSION,
        problem,
      },
    },
    { upsert: true },
  );
  return { pool, json: joinedPool(encoded), chunks, addressChunks, problem };
}

/**
 * A format-2 snapshot's pool and its canonical JSON from the runs it cites, each checked against its
 * id (a changed chunk is refused).
 */
export async function readPoolRuns(
  models: Models,
  ids: readonly string[],
): Promise<{ pool: InputsV2['pool']; json: Buffer[] }> {
  const raw = await readRawChunks(models.PoolChunk, ids);
  const runs = ids.map((id) => unpackJson(models.PoolChunk, raw, id) ?? missing(id));
  return {
    pool: runs.flatMap((json) => JSON.parse(json.toString('utf8')) as InputsV2['pool']),
    json: joinedPool(runs),
  };
}

/**
 * A draw's pool and its addresses (in pool order) from the snapshot it cites: format 2 (`addressChunks`
 * given: its runs with their canonical JSON) or format 1 (entries with their addresses).
 */
export async function citedPool(
  models: Models,
  chunks: readonly string[],
  addressChunks: readonly string[],
): Promise<{ pool: InputsV2['pool']; addresses: string[]; json?: Buffer[] }> {
  if (addressChunks.length === 0) {
    const found = await readChunks<LegacyEntry>(models.PoolChunk, chunks);
    return splitAddresses(chunks.flatMap((id) => found.get(id) ?? missing(id)));
  }
  const [runs, addresses] = await Promise.all([
    readPoolRuns(models, chunks),
    readChunks<string>(models.PoolChunk, addressChunks),
  ]);
  return { ...runs, addresses: addressChunks.flatMap((id) => addresses.get(id) ?? missing(id)) };
}

const missing = (id: string): never => {
  throw new Error(`pool chunk ${id} is missing`);
};
