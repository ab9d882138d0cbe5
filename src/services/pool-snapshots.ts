import { putChunk, readChunks } from '../adapters/db/chunk-store';
import type { Models } from '../adapters/db/models';
import { sortedSet } from '../domain/draw/canonical';
import { poolProblem, TARGET_RULES_VERSION, type FormProblem, type InputsV2 } from '../domain/draw/v2/schema';
import { chunkBy } from '../domain/pool-chunks';
import { allTargets } from './target-registry';
import { lastInspectionsOf } from './targets';

/**
 * Each item's pool kept ready to draw from (`pools` heads citing content-addressed `pool_chunks`): a
 * proposal reads ~25 chunks instead of 100,000 targets, and cites them instead of copying them.
 *
 * Freshness: every write to targets bumps the items' `rev` before and after it (`markPoolsChanged`); a
 * build records the `rev` it read before reading the targets. A write the build could have missed
 * bumps `rev` after the build read it, so the snapshot shows stale and is built again. (The one gap: a
 * process that dies between its write and the second bump, while a build is reading — the snapshot
 * then lags until the next change to the item's targets.)
 */

/** An entry of a snapshot: what DRAW-2 reads of a target, and its address (for the task cards). */
export type SnapshotEntry = InputsV2['pool'][number] & { address: string };

export interface PoolSnapshot {
  entries: SnapshotEntry[];
  /** The `pool_chunks` ids, in order: what a draw cites. */
  chunks: string[];
  /**
   * The entries as the draw record's rules see them, checked when the snapshot was built: the first
   * refused, or null; undefined when not checked under the current rules (the proposal checks them).
   */
  problem?: FormProblem | null;
}

/**
 * A snapshot's entries as a draw's inputs take them (without their addresses), field by field: a rest
 * copy (`{address, ...entry}`) of 100,000 entries makes objects several times a literal's size.
 */
export const poolEntries = (entries: readonly SnapshotEntry[]): InputsV2['pool'] =>
  entries.map((e) => ({
    creditCode: e.creditCode,
    name: e.name,
    creditLevel: e.creditLevel,
    status: e.status,
    lastInspected: e.lastInspected,
    lastInspectors: e.lastInspectors,
  }));

/** A snapshot's entries as a draw's inputs take them, and their addresses in the same order. */
export const splitAddresses = (entries: readonly SnapshotEntry[]) => ({
  pool: poolEntries(entries),
  addresses: entries.map((e) => e.address),
});

/** Whether a head's snapshot reflects every change to its targets (a head never built has `builtRev` -1). */
const isCurrent = (head: { rev: number; builtRev: number }): boolean => head.builtRev === head.rev;

/** Marks the items' snapshots stale: call before and after writing their targets. */
export async function markPoolsChanged(models: Models, itemCodes: Iterable<string>): Promise<void> {
  await Promise.all(
    [...new Set(itemCodes)].map((code) =>
      models.Pool.updateOne({ _id: code }, { $inc: { rev: 1 } }, { upsert: true }),
    ),
  );
}

/** The item's current snapshot: the stored one if current, else built from the targets now. */
export async function currentPool(models: Models, itemCode: string): Promise<PoolSnapshot> {
  const head = await models.Pool.findOne({ _id: itemCode }).lean();
  if (head && isCurrent(head))
    return {
      entries: await readPoolChunks(models, head.chunks),
      chunks: head.chunks,
      ...(head.checkedVersion === TARGET_RULES_VERSION
        ? { problem: head.problem ? { path: head.problem.path!, message: head.problem.message! } : null }
        : {}),
    };
  return buildPool(models, itemCode, head?.rev ?? 0);
}

/** The items whose snapshot is stale, with the `rev` that made it so (each rebuild is one job per rev). */
export async function stalePools(models: Models): Promise<{ itemCode: string; rev: number }[]> {
  const heads = await models.Pool.find({}, { rev: 1, builtRev: 1 }).lean();
  return heads.filter((h) => !isCurrent(h)).map((h) => ({ itemCode: h._id, rev: h.rev }));
}

/** Rebuilds the item's snapshot if it is stale (the `refresh-pool` job, after an import); true if it did. */
export async function refreshPool(models: Models, itemCode: string): Promise<boolean> {
  const head = await models.Pool.findOne({ _id: itemCode }, { rev: 1, builtRev: 1 }).lean();
  if (head && isCurrent(head)) return false;
  await buildPool(models, itemCode, head?.rev ?? 0);
  return true;
}

/** Reads the targets of the item into a snapshot, stores its new chunks and makes it the item's. */
export async function buildPool(models: Models, itemCode: string, rev: number): Promise<PoolSnapshot> {
  // Only the item's targets are kept (read chunk by chunk), in credit-code order as DRAW-2 sorts.
  const [targets, last] = await Promise.all([
    allTargets(models, (t) => t.itemCodes.includes(itemCode)),
    lastInspectionsOf(models, itemCode),
  ]);
  const entries: SnapshotEntry[] = targets.map((t) => {
    const l = last.get(t.creditCode);
    return {
      creditCode: t.creditCode,
      name: t.name,
      creditLevel: t.creditLevel,
      status: t.status,
      lastInspected: l?.date ?? null,
      lastInspectors: sortedSet(l?.inspectorKeys ?? []),
      address: t.address,
    };
  });
  const chunks = await Promise.all(
    chunkBy(entries, (e) => e.creditCode).map((c) => putChunk(models.PoolChunk, c)),
  );
  // Checked once here, not by every proposal that draws from it (the snapshot never changes).
  const problem = poolProblem(poolEntries(entries));
  await models.Pool.updateOne(
    { _id: itemCode },
    {
      $set: {
        builtRev: rev,
        chunks,
        size: entries.length,
        builtAt: new Date(),
        checkedVersion: TARGET_RULES_VERSION,
        problem,
      },
    },
    { upsert: true },
  );
  return { entries, chunks, problem };
}

/** A snapshot's entries from its chunks, each checked against its id (a changed chunk is refused). */
export async function readPoolChunks(models: Models, ids: readonly string[]): Promise<SnapshotEntry[]> {
  const found = await readChunks<SnapshotEntry>(models.PoolChunk, ids);
  return ids.flatMap((id) => {
    const entries = found.get(id);
    if (!entries) throw new Error(`pool chunk ${id} is missing`);
    return entries;
  });
}
