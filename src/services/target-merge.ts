import { putChunk, readRawChunks, unpackChunk } from '../adapters/db/chunk-store';
import type { Models } from '../adapters/db/models';
import { sortedSet } from '../domain/draw/canonical';
import { Chunker } from '../domain/pool-chunks';
import type { TargetRecord } from '../domain/records';

/**
 * The registry's merge (target-registry.ts commits what it makes): the stored chunks and a sorted list
 * of changes walked together, cut into new chunks as it goes.
 */

/** A target as stored: its record and who wrote it when (ISO times). */
export interface StoredTarget extends TargetRecord {
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** A chunk as the head cites it: its id (the hash of its content), first and last credit code, size. */
export interface ChunkRef {
  id: string;
  first: string;
  last: string;
  count: number;
}
/**
 * A stored target, field by field in the stored order (a chunk's id is the hash of its JSON). Never
 * built by spreading: 200,000 targets built as `{...r, more}` took ~250 MB more at an import's peak
 * (such objects are several times the size of a literal's).
 */
export const storedTarget = (
  r: TargetRecord,
  itemCodes: string[],
  createdBy: string,
  createdAt: string,
  updatedBy: string,
  updatedAt: string,
): StoredTarget => ({
  creditCode: r.creditCode,
  name: r.name,
  address: r.address,
  legalRepresentative: r.legalRepresentative,
  phone: r.phone,
  itemCodes,
  creditLevel: r.creditLevel,
  riskLevel: r.riskLevel,
  status: r.status,
  createdBy,
  createdAt,
  updatedBy,
  updatedAt,
});

/** The stored form of a target however it was built: its fields in order, its items sorted. */
const canonical = (t: StoredTarget): StoredTarget =>
  storedTarget(t, sortedSet(t.itemCodes), t.createdBy, t.createdAt, t.updatedBy, t.updatedAt);

/**
 * What a commit does to each credit code it names: `old` is the stored target (undefined if none);
 * return `old` itself to leave it, a new target to write, or undefined to have none. `index` is the
 * code's place in the sorted list given to commitTargets.
 */
export type TargetEdit = (old: StoredTarget | undefined, index: number) => StoredTarget | undefined;

/**
 * One pass over the head's chunks in order, merged with the sorted `codes` and cut into new chunks as it
 * goes: memory holds one stored chunk and the one being cut, never the whole registry twice (200,000
 * targets and their import's rows together passed 500 MB). Null if a chunk was retired meanwhile.
 */
export async function mergePass(
  models: Models,
  head: { chunks: readonly ChunkRef[] },
  codes: readonly string[],
  edit: TargetEdit,
  ahead: Map<string, Buffer>,
) {
  const stored = new Set(head.chunks.map((c) => c.id));
  const chunker = new Chunker<StoredTarget>((t) => t.creditCode);
  const ready: StoredTarget[][] = [];
  const chunks: ChunkRef[] = [];
  let count = 0;
  let changed = false;
  let last: string | undefined;
  const emit = (t: StoredTarget) => {
    if (last !== undefined && !(last < t.creditCode))
      throw new Error(`target ${t.creditCode} twice or out of order in one commit`);
    last = t.creditCode;
    count++;
    const done = chunker.push(t);
    if (done) ready.push(done);
  };
  /** Edits code `index` (its stored target `old`), giving what remains to `onto`; true if it changed. */
  const edited = (old: StoredTarget | undefined, index: number, onto: (t: StoredTarget) => void) => {
    const next = edit(old, index);
    if (next) onto(next);
    return next !== old;
  };
  /** A stored chunk cited as it is. */
  const keep = (ref: ChunkRef) => {
    chunks.push(ref);
    count += ref.count;
    last = ref.last;
  };
  const write = async () => {
    for (const entries of ready.splice(0)) {
      chunks.push({
        id: await putChunk(models.TargetChunk, entries.map(canonical), stored),
        first: entries[0]!.creditCode,
        last: entries[entries.length - 1]!.creditCode,
        count: entries.length,
      });
    }
  };
  const missing = [...stored].filter((id) => !ahead.has(id));
  const raw =
    missing.length > 0 ? await readRawChunks(models.TargetChunk, missing) : new Map<string, Buffer>();
  for (const id of stored) {
    const packed = ahead.get(id);
    if (packed) raw.set(id, packed);
    ahead.delete(id); // held once: a pass run again reads what it needs
  }
  if (raw.size < stored.size) return null;
  let k = 0;
  for (const [n, ref] of head.chunks.entries()) {
    const final = n === head.chunks.length - 1;
    const aligned = chunker.pending === 0;
    // Chunks end where the cut put them: one no code falls in, starting where the last one ended, comes
    // out the same. Kept as it is, not even unpacked (the last one unless nothing follows it).
    if (aligned && (k >= codes.length || (codes[k]! > ref.last && !final))) {
      keep(ref);
      continue;
    }
    const entries = unpackChunk<StoredTarget>(models.TargetChunk, raw, ref.id)!;
    raw.delete(ref.id);
    // Merged aside first: a chunk every code of which is unchanged (a re-import) keeps its id when it
    // starts where the cut is, without hashing each key for the cut again.
    const merged: StoredTarget[] = [];
    let dirty = false;
    const take = (old: StoredTarget | undefined, index: number) => {
      if (edited(old, index, (t) => merged.push(t))) dirty = true;
    };
    for (const t of entries) {
      while (k < codes.length && codes[k]! < t.creditCode) take(undefined, k++);
      if (k < codes.length && codes[k] === t.creditCode) take(t, k++);
      else merged.push(t);
    }
    if (aligned && !dirty && (!final || k >= codes.length)) {
      keep(ref);
      continue;
    }
    if (dirty) changed = true;
    for (const t of merged) emit(t);
    await write();
  }
  // Codes after the last stored chunk (all of a first import): each chunk written as soon as it is
  // cut, or 200,000 new targets and their chunks would be held at once (~350 MB).
  while (k < codes.length) {
    if (edited(undefined, k++, emit)) changed = true;
    if (ready.length > 0) await write();
  }
  const rest = chunker.end();
  if (rest) ready.push(rest);
  await write();
  return { chunks, count, changed };
}
