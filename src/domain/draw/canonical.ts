import { createHash } from 'node:crypto';

/**
 * The canonical serialisation of everything a draw publishes: RFC 8785 (JCS). Draw records hold only
 * strings, safe integers, booleans, null, arrays and plain objects; a fraction, NaN or undefined is
 * refused, so no two implementations can disagree on number formatting. For that subset JCS is
 * exactly `JSON.stringify` with object keys sorted by UTF-16 code units, which is what this does in
 * one pass; the `canonicalize` package (the reference implementation of RFC 8785) is the oracle in
 * the tests — it is 8x slower on a 100,000-target pool, and the pool is hashed on every proposal.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value, '$'));
}

function sortedCopy(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      throw new TypeError(`${path}: only safe integers are allowed in a draw record, got ${v}`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => sortedCopy(x, `${path}[${i}]`));
  const proto = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (proto === Object.prototype || proto === null) {
    // A null-prototype copy, so that a key named "__proto__" stays a key.
    const out: Record<string, unknown> = Object.create(null);
    // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) throw new TypeError(`${path}.${k}: undefined is not allowed (omit the key)`);
      out[k] = sortedCopy(x, `${path}.${k}`);
    }
    return out;
  }
  throw new TypeError(`${path}: ${typeof v} is not allowed in a draw record`);
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
