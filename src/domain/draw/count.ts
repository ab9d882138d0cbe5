import type { Ratio } from '../plan-template';
import type { CreditLevel } from '../target';

/** A percentage in basis points (1 % = 100), so that counts never depend on floating point. */
export const toBasisPoints = (percent: number): number => Math.round(percent * 100);

/**
 * How many of `n` targets to draw at `bp` basis points: ⌈n × bp / 10 000⌉ — rounding up, so a
 * non-empty pool at a non-zero ratio always yields at least one inspection and 100 % takes all.
 */
export function countFor(n: number, bp: number): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`pool size must be a whole number ≥ 0, got ${n}`);
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000)
    throw new RangeError(`ratio must be 0–10000 basis points, got ${bp}`);
  return Math.ceil((n * bp) / 10_000);
}

const STEP: Record<CreditLevel, number> = { A: 0, B: 1, C: 2, D: 3 };

/**
 * The ratio for targets of one credit level (以信用监管为基础): a fixed ratio applies to all; a range
 * (e.g. 10–50 %) gives A its lower end, D its upper end, and B and C the points one and two thirds of
 * the way (rounded down to a basis point) — worse credit, more inspection.
 */
export function ratioForLevel(ratio: Ratio, level: CreditLevel): number {
  if (ratio.kind === 'fixed') return toBasisPoints(ratio.percent);
  const lo = toBasisPoints(ratio.minPercent);
  const hi = toBasisPoints(ratio.maxPercent);
  return lo + Math.floor(((hi - lo) * STEP[level]) / 3);
}
