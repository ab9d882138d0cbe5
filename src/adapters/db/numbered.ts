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

/**
 * Documents by a known list of `_id`s, in one query, keyed by `_id` (a missing one is absent): FerretDB
 * decodes the collection once in Go, where reading each `_id` alone scans it in SQL once per id, parsing
 * every stored row — the cheaper read for a few large documents (snapshot chunks, draw parts).
 */
export async function byIds<T extends { _id: unknown }>(
  ids: readonly string[],
  find: (filter: { _id: { $in: string[] } }) => PromiseLike<T[]>,
): Promise<Map<unknown, T>> {
  if (ids.length === 0) return new Map();
  const docs = await find({ _id: { $in: [...new Set(ids)] } });
  return new Map(docs.map((d) => [d._id, d]));
}
