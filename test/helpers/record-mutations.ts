/** Every path to a leaf (string, number, boolean, null) of a JSON value. */
export function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object')
    return Object.entries(v as object).flatMap(([k, x]) =>
      leaves(x, [...path, Array.isArray(v) ? Number(k) : k]),
    );
  return [path];
}

/**
 * A copy of a JSON value with the leaf at `path` changed the smallest way its type allows: a hex digest
 * gets another first digit, other text a character more, a number one more, a boolean the other value,
 * null a string.
 */
export function mutate<T>(value: T, path: (string | number)[]): T {
  const copy = JSON.parse(JSON.stringify(value));
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k];
  const last = path[path.length - 1]!;
  const v = node[last];
  node[last] =
    typeof v === 'string'
      ? /^[0-9a-f]{64}$/.test(v)
        ? v.replace(/^./, (c) => (c === '0' ? '1' : '0'))
        : `${v}x`
      : typeof v === 'number'
        ? v + 1
        : typeof v === 'boolean'
          ? !v
          : 'x';
  return copy;
}
