/** The path of the first place two JSON values differ, with both values, or null. */
export function firstDifference(published: unknown, recomputed: unknown, path: string): string | null {
  if (Array.isArray(published) && Array.isArray(recomputed)) {
    for (let i = 0; i < Math.max(published.length, recomputed.length); i++) {
      const d = firstDifference(published[i], recomputed[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (published && recomputed && typeof published === 'object' && typeof recomputed === 'object') {
    const keys = [...new Set([...Object.keys(published), ...Object.keys(recomputed)])].sort();
    for (const k of keys) {
      const d = firstDifference(
        (published as Record<string, unknown>)[k],
        (recomputed as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return null;
  }
  return published === recomputed
    ? null
    : `${path}：公布的是 ${JSON.stringify(published)}，重新计算得 ${JSON.stringify(recomputed)}`;
}
