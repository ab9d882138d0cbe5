import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The canonical serialisation of everything a draw publishes: RFC 8785 (JCS) via `canonicalize`
 * (v2: the last CommonJS release; v3+ are ESM-only for Node 22). Draw records hold only strings,
 * integers, booleans, arrays and objects; a fraction, NaN or undefined is refused, so no two
 * implementations can disagree on number formatting.
 */
export function canonicalJson(value: unknown): string {
  assertCanonicalisable(value, '$');
  const out = canonicalize(value);
  if (out === undefined) throw new TypeError('value has no JSON form');
  return out;
}

function assertCanonicalisable(v: unknown, path: string): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      throw new TypeError(`${path}: only safe integers are allowed in a draw record, got ${v}`);
    return;
  }
  if (Array.isArray(v)) return v.forEach((x, i) => assertCanonicalisable(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined) throw new TypeError(`${path}.${k}: undefined is not allowed (omit the key)`);
      assertCanonicalisable(x, `${path}.${k}`);
    }
    return;
  }
  throw new TypeError(`${path}: ${typeof v} is not allowed in a draw record`);
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
