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

/** How many `_id` reads of one list are in flight at once. */
const IN_FLIGHT = 16;

/**
 * Documents by a known list of `_id`s, keyed by `_id` (a missing one is absent), read one by one, a few at
 * a time: each read is an index search on every store (MongoDB's `_id` index; on FerretDB the launcher's,
 * tools/ferretdb), where FerretDB answers one `$in` by decoding the whole collection in Go — a cost that
 * grows with the bureau's history (1,000 receipts among 200,000: 17–19 s as one `$in`, 0.6 s one by one).
 */
export async function byIds<T>(
  ids: Iterable<string>,
  findOne: (id: string) => PromiseLike<T | null>,
): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, T>();
  for (let i = 0; i < unique.length; i += IN_FLIGHT) {
    const slice = unique.slice(i, i + IN_FLIGHT);
    const docs = await Promise.all(slice.map((id) => findOne(id)));
    docs.forEach((d, j) => d !== null && found.set(slice[j]!, d));
  }
  return found;
}
