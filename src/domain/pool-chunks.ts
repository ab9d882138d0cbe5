import { hash } from 'node:crypto';

/**
 * How a pool snapshot is cut into chunks: after each entry whose key hashes to 0 modulo
 * `CHUNK_AVERAGE` (content-defined, as in rsync or restic). A target added, changed or removed then
 * changes only the chunk it falls in; the others keep their content, hence their id, and are shared
 * with the previous snapshot. `CHUNK_MAX` bounds a run without a boundary.
 */
export const CHUNK_AVERAGE = 4096;
export const CHUNK_MAX = 16_384;

// The one-shot hash: no Hash object made and dropped for each of a registry's keys.
const boundaryAfter = (key: string) => hash('sha256', key, 'buffer').readUInt32BE(0) % CHUNK_AVERAGE === 0;

/** Cuts entries arriving in key order into chunks, one at a time (a list too large to hold twice). */
export class Chunker<T> {
  private current: T[] = [];
  constructor(private readonly keyOf: (entry: T) => string) {}

  /** How many entries wait for the next boundary. */
  get pending(): number {
    return this.current.length;
  }

  /** Adds the next entry; returns the chunk it completes, if it completes one. */
  push(entry: T): T[] | null {
    this.current.push(entry);
    if (this.current.length < CHUNK_MAX && !boundaryAfter(this.keyOf(entry))) return null;
    const done = this.current;
    this.current = [];
    return done;
  }

  /** The last chunk, unfinished by a boundary (null if there is none). */
  end(): T[] | null {
    const rest = this.current;
    this.current = [];
    return rest.length > 0 ? rest : null;
  }
}

/** The entries (already in key order) cut into chunks; none for none. */
export function chunkBy<T>(entries: readonly T[], keyOf: (entry: T) => string): T[][] {
  const chunker = new Chunker(keyOf);
  const chunks: T[][] = [];
  for (const entry of entries) {
    const done = chunker.push(entry);
    if (done) chunks.push(done);
  }
  const last = chunker.end();
  if (last) chunks.push(last);
  return chunks;
}
