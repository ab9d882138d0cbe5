/** How many documents of a numbered run are asked for at once. */
const BATCH = 4;

/**
 * The documents numbered `from`, `from + 1`, … up to the first missing one, read by `_id` a few at a time:
 * a run numbered without gaps (a draw's parts, a subject's cards) costs a handful of `_id` lookups, the one
 * filter FerretDB runs in SQL, instead of a filter on other fields that decodes the whole collection.
 */
export async function readNumbered<T>(from: number, fetch: (n: number) => Promise<T | null>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const batch = await Promise.all(Array.from({ length: BATCH }, (_, i) => fetch(from + out.length + i)));
    const missing = batch.findIndex((d) => d === null);
    out.push(...((missing < 0 ? batch : batch.slice(0, missing)) as T[]));
    if (missing >= 0) return out;
  }
}
