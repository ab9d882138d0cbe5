import { createHash } from 'node:crypto';

/**
 * The canonical serialisation of everything a draw publishes: RFC 8785 (JCS). Draw records hold only
 * strings, safe integers, booleans, null, arrays and plain objects; a fraction, NaN or undefined is
 * refused, so no two implementations can disagree on number formatting. For that subset JCS is
 * exactly `JSON.stringify` with every object's keys in UTF-16 code-unit order — here one checking
 * walk collects the keys, and `JSON.stringify` with the sorted key list as its property allow-list
 * writes them in that order natively. The `canonicalize` package (RFC 8785's reference
 * implementation) is the oracle in the tests; it is several times slower on a 100,000-target pool,
 * which is hashed on every proposal.
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  check(value, '$', keys);
  // An allow-listed "__proto__" would be read through Object.prototype's accessor on objects that lack
  // it: such rare data takes the slower path of sorted null-prototype copies.
  if (keys.has('__proto__')) return JSON.stringify(sortedCopy(value));
  // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
  return JSON.stringify(value, [...keys].sort());
}

/**
 * A copy of `list` in UTF-16 code-unit order of `key`: the order every list of a draw is hashed and
 * drawn in (not the database's or a locale's collation).
 */
export const sortedBy = <T>(list: readonly T[], key: (x: T) => string): T[] =>
  [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** The distinct strings of `list`, in the same order as `sortedBy`. */
export const sortedSet = (list: readonly string[]): string[] =>
  list.length < 2 ? [...list] : sortedBy([...new Set(list)], (s) => s);

function sortedCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedCopy);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(v).sort()) out[k] = sortedCopy((v as Record<string, unknown>)[k]);
  return out;
}

function check(v: unknown, path: string, keys: Set<string>): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      throw new TypeError(`${path}: only safe integers are allowed in a draw record, got ${v}`);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) check(v[i], `${path}[${i}]`, keys);
    return;
  }
  const proto = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (proto === Object.prototype || proto === null) {
    for (const k of Object.keys(v as object)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) throw new TypeError(`${path}.${k}: undefined is not allowed (omit the key)`);
      keys.add(k);
      check(x, `${path}.${k}`, keys);
    }
    return;
  }
  throw new TypeError(`${path}: ${typeof v} is not allowed in a draw record`);
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
