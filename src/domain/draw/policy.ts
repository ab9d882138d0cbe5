import type { Ratio } from '../plan-template';
import { toBasisPoints } from './count';
import type { RatioBp } from './engine';

/** How an item is drawn, beyond its ratio. Defaults below; an item may override any of them (`items.drawPolicy`). */
export interface DrawPolicy {
  /** Sample each credit level on its own (always, for a range ratio). */
  stratify: boolean;
  /** Targets inspected for the item within this many days wait their turn while the pool allows (0: never). */
  excludeWithinDays: number;
  /** 执法人员不少于两人 (行政处罚法 第42条): never below 2. */
  inspectorsPerTask: number;
  /** Match officers of other units too (default: the responsible unit only). */
  allowOtherUnits: boolean;
}

/**
 * The defaults, documented in docs/draw-algorithm.md: a yearly item skips targets inspected for it in
 * the last 180 days (an ad-hoc inspection this summer; last year's round, a year ago, does not count);
 * an item drawn several times a year draws every round from the whole pool again, as the plan asks.
 */
export function drawPolicyFor(
  item: { ratio: Ratio; frequencyPerYear: number },
  overrides: Partial<DrawPolicy> = {},
): DrawPolicy {
  const policy: DrawPolicy = {
    stratify: item.ratio.kind === 'range',
    excludeWithinDays: item.frequencyPerYear > 1 ? 0 : 180,
    inspectorsPerTask: 2,
    allowOtherUnits: false,
    ...overrides,
  };
  if (item.ratio.kind === 'range') policy.stratify = true;
  policy.inspectorsPerTask = Math.max(2, policy.inspectorsPerTask);
  return policy;
}

export function ratioBp(ratio: Ratio): RatioBp {
  return ratio.kind === 'fixed'
    ? { kind: 'fixed', bp: toBasisPoints(ratio.percent) }
    : { kind: 'range', minBp: toBasisPoints(ratio.minPercent), maxBp: toBasisPoints(ratio.maxPercent) };
}

/** `CC2026-04-R1-01`: year, the item's 序号, round, and the attempt within the round (a re-draw is a new attempt). */
export const drawNumber = (year: number, itemSeq: number, round: number, attempt: number): string =>
  `CC${year}-${String(itemSeq).padStart(2, '0')}-R${round}-${String(attempt).padStart(2, '0')}`;

/** The number of attempt `attempt` of the same round as draw `drawNo`. */
export const sameRoundNumber = (drawNo: string, attempt: number): string =>
  drawNo.replace(/-\d+$/, `-${String(attempt).padStart(2, '0')}`);

/** Parses what a user types for a draw number (any case, spaces around), or null. */
export function parseDrawNumber(text: string): string | null {
  const m = /^\s*cc(\d{4})-(\d{2})-r(\d+)-(\d{2,})\s*$/i.exec(text);
  return m ? `CC${m[1]}-${m[2]}-R${m[3]}-${m[4]}` : null;
}

/** Whether `text` is a task number as `taskNumber` writes it. */
export const isTaskNumber = (text: string): boolean => /^CC\d{4}-\d{2}-R\d+-\d{2,}-\d{4,}$/.test(text);

/** `CC2026-04-R1-01-0007`: the draw's number and the task's place in the result (1-based). */
export const taskNumber = (drawNo: string, index: number): string =>
  `${drawNo}-${String(index + 1).padStart(4, '0')}`;
