import { createHash } from 'node:crypto';

/**
 * How a pool snapshot is cut into chunks: after each entry whose key hashes to 0 modulo
 * `CHUNK_AVERAGE` (content-defined, as in rsync or restic). A target added, changed or removed then
 * changes only the chunk it falls in; the others keep their content, hence their id, and are shared
 * with the previous snapshot. `CHUNK_MAX` bounds a run without a boundary.
 */
export const CHUNK_AVERAGE = 4096;
export const CHUNK_MAX = 16_384;

const boundaryAfter = (key: string) =>
  createHash('sha256').update(key).digest().readUInt32BE(0) % CHUNK_AVERAGE === 0;

/** The entries (already in key order) cut into chunks; none for none. */
export function chunkBy<T>(entries: readonly T[], keyOf: (entry: T) => string): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const entry of entries) {
    current.push(entry);
    if (current.length >= CHUNK_MAX || boundaryAfter(keyOf(entry))) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
