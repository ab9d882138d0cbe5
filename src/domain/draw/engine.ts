import { addDays } from '../calendar';
import type { CreditLevel } from '../target';
import { countFor } from './count';
import { DrawRng, sample } from './prng';

export const ALGORITHM_VERSION = 'DRAW-1';

/** One target as the pool snapshot publishes it. */
export interface PoolEntry {
  creditCode: string;
  name: string;
  creditLevel: CreditLevel;
  status: 'open' | 'suspended' | 'closed';
  /** Last inspection for this item (YYYY-MM-DD), or null. */
  lastInspected: string | null;
  /** Keys of the officers who inspected it last time for this item (rotation). */
  lastInspectors: string[];
}

/** One officer as the officer list publishes it. */
export interface OfficerEntry {
  key: string;
  name: string;
  unitName: string;
  active: boolean;
  /** Item codes the officer may inspect; empty: any item. */
  areas: string[];
  /** Credit codes the officer declared a conflict with (回避). */
  conflicts: string[];
}

export type RatioBp = { kind: 'fixed'; bp: number } | { kind: 'range'; minBp: number; maxBp: number };

/** Everything a draw depends on besides the seed; published, hashed, and all a verifier needs. */
export interface DrawInputs {
  algorithm: typeof ALGORITHM_VERSION;
  drawNo: string;
  itemCode: string;
  round: number;
  /** The draw's date (YYYY-MM-DD, Beijing), for the no-repeat window. */
  drawDate: string;
  unit: string;
  ratio: RatioBp;
  /** Sample each credit level separately (required for a range ratio). */
  stratify: boolean;
  /** Skip targets inspected for this item within this many days, while the pool allows (0: never). */
  excludeWithinDays: number;
  inspectorsPerTask: number;
  /** Officers of other units may be matched (default: the responsible unit only). */
  allowOtherUnits: boolean;
  pool: PoolEntry[];
  officers: OfficerEntry[];
}

export interface Selection {
  creditCode: string;
  name: string;
  stratum: string;
  inspectorKeys: string[];
}

export interface DrawResult {
  ok: true;
  selections: Selection[];
  strata: { stratum: string; size: number; bp: number; count: number }[];
  /** Plain-language notes (Chinese) on what was excluded or relaxed and why. */
  notes: string[];
}

export interface DrawFailure {
  ok: false;
  /** Why the draw cannot be made, in Chinese, specific enough to act on. */
  reason: string;
}

const LEVELS: CreditLevel[] = ['A', 'B', 'C', 'D'];

/**
 * The pool in credit-code order (UTF-16 code units: the native string sort, far faster than a
 * comparator on 100,000 entries), or null if a code appears twice.
 */
function sortByCode(pool: readonly PoolEntry[]): PoolEntry[] | null {
  // The snapshot query returns the pool in this order already: check in one pass before sorting.
  let sorted = true;
  for (let i = 1; i < pool.length && sorted; i++) sorted = pool[i - 1]!.creditCode < pool[i]!.creditCode;
  if (sorted) return [...pool];
  const byCodeMap = new Map(pool.map((t) => [t.creditCode, t]));
  if (byCodeMap.size !== pool.length) return null;
  return [...byCodeMap.keys()].sort().map((c) => byCodeMap.get(c)!);
}

/** Moves an officer from its load bucket to the next, keeping both in key order. */
function moveUp(buckets: Map<number, OfficerEntry[]>, loadOf: Map<string, number>, o: OfficerEntry): void {
  const level = loadOf.get(o.key)!;
  const from = buckets.get(level)!;
  from.splice(from.indexOf(o), 1);
  if (from.length === 0) buckets.delete(level);
  const to = buckets.get(level + 1) ?? buckets.set(level + 1, []).get(level + 1)!;
  let lo = 0;
  let hi = to.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (to[mid]!.key < o.key) lo = mid + 1;
    else hi = mid;
  }
  to.splice(lo, 0, o);
  loadOf.set(o.key, level + 1);
}
const byCode = <T extends { creditCode: string }>(a: T, b: T) =>
  a.creditCode < b.creditCode ? -1 : a.creditCode > b.creditCode ? 1 : 0;
const byKey = (a: OfficerEntry, b: OfficerEntry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function stratumBp(ratio: RatioBp, stratum: string): number {
  if (ratio.kind === 'fixed') return ratio.bp;
  const step = LEVELS.indexOf(stratum as CreditLevel);
  return ratio.minBp + Math.floor(((ratio.maxBp - ratio.minBp) * step) / 3);
}

/**
 * DRAW-1: draws the targets of one round of one item and matches their inspectors, as specified in
 * docs/draw-algorithm.md. Pure: the same inputs and seed always give the same result, whatever the
 * order of the input lists. Never returns a partial result: an infeasible draw says why.
 */
export function runDraw(inputs: DrawInputs, seedHex: string): DrawResult | DrawFailure {
  if (inputs.algorithm !== ALGORITHM_VERSION)
    return { ok: false, reason: `不支持的抽取算法版本 ${inputs.algorithm}` };
  if (inputs.ratio.kind === 'range' && !inputs.stratify)
    return { ok: false, reason: '比例为区间时必须按信用等级分层抽取' };
  if (inputs.inspectorsPerTask < 2) return { ok: false, reason: '每个检查任务的执法人员不得少于两人' };
  const notes: string[] = [];

  // 1. Who may be drawn: open targets; closed and suspended ones are listed as excluded.
  const pool = sortByCode(inputs.pool);
  if (!pool) return { ok: false, reason: '检查对象名录中有重复的统一社会信用代码，请先修正名录' };
  const open = pool.filter((t) => t.status === 'open');
  const closed = pool.length - open.length;
  if (closed > 0) notes.push(`${closed} 户停业或注销，不参与抽取`);
  if (open.length === 0)
    return { ok: false, reason: `检查对象名录库中没有正常经营的对象（共 ${pool.length} 户），无法抽取` };

  // 2. Strata and their counts, from the ratio (counted on every open target, so recent ones count too).
  const strataNames = inputs.stratify
    ? LEVELS.filter((l) => open.some((t) => t.creditLevel === l))
    : ['全部'];
  const members = (s: string) => (inputs.stratify ? open.filter((t) => t.creditLevel === s) : open);
  const strata = strataNames.map((s) => {
    const size = members(s).length;
    const bp = stratumBp(inputs.ratio, s);
    return { stratum: s, size, bp, count: countFor(size, bp) };
  });

  // 3. Draw each stratum: recently inspected targets wait, unless the stratum is too small without them.
  const chosen: { entry: PoolEntry; stratum: string }[] = [];
  // Inspected fewer than `window` days before the draw date ⟺ inspected after drawDate − window (ISO dates compare as text).
  const cutoff = addDays(inputs.drawDate, -inputs.excludeWithinDays);
  const recent = (t: PoolEntry) =>
    inputs.excludeWithinDays > 0 && t.lastInspected !== null && t.lastInspected > cutoff;
  for (const s of strata) {
    const all = members(s.stratum);
    const fresh = all.filter((t) => !recent(t));
    const rng = new DrawRng(seedHex, `targets/${s.stratum}`);
    if (fresh.length >= s.count) {
      chosen.push(...sample(fresh, s.count, rng).map((entry) => ({ entry, stratum: s.stratum })));
      if (fresh.length < all.length)
        notes.push(
          `${s.stratum === '全部' ? '' : `${s.stratum} 级：`}${all.length - fresh.length} 户在 ${inputs.excludeWithinDays} 天内已检查过，本次不再抽取`,
        );
    } else {
      // Too few fresh targets: all of them, plus the longest-ago of the recent ones, drawn at random among equals.
      const byAge = all
        .filter(recent)
        .sort((a, b) =>
          a.lastInspected! < b.lastInspected! ? -1 : a.lastInspected! > b.lastInspected! ? 1 : byCode(a, b),
        );
      const extra = byAge.slice(0, s.count - fresh.length);
      chosen.push(...[...fresh, ...extra].map((entry) => ({ entry, stratum: s.stratum })));
      if (extra.length > 0) {
        notes.push(
          `${s.stratum === '全部' ? '' : `${s.stratum} 级：`}对象不足，已纳入 ${extra.length} 户 ${inputs.excludeWithinDays} 天内检查过的对象（检查时间最早者优先）`,
        );
      }
    }
  }

  // 4. Inspectors: active, of the unit, competent for the item.
  const officers = [...inputs.officers]
    .sort(byKey)
    .filter(
      (o) =>
        o.active &&
        (inputs.allowOtherUnits || o.unitName === inputs.unit) &&
        (o.areas.length === 0 || o.areas.includes(inputs.itemCode)),
    );
  if (officers.length < inputs.inspectorsPerTask) {
    return {
      ok: false,
      reason: `${inputs.allowOtherUnits ? '' : `${inputs.unit}`}可参加本事项检查的在岗执法人员只有 ${officers.length} 人，每个任务至少需要 ${inputs.inspectorsPerTask} 人`,
    };
  }
  const selections: Selection[] = [];
  // Officers by current load, each bucket in key order (the order the spec samples from).
  const buckets = new Map<number, OfficerEntry[]>([[0, [...officers]]]);
  const loadOf = new Map(officers.map((o) => [o.key, 0]));
  const conflicted = new Map<string, Set<string>>();
  for (const o of officers)
    for (const c of o.conflicts) (conflicted.get(c) ?? conflicted.set(c, new Set()).get(c)!).add(o.key);
  const order = new Map(pool.map((t, i) => [t.creditCode, i]));
  for (const { entry, stratum } of [...chosen].sort(
    (a, b) => order.get(a.entry.creditCode)! - order.get(b.entry.creditCode)!,
  )) {
    const barred = new Set(conflicted.get(entry.creditCode));
    const allowed = officers.length - barred.size;
    if (allowed < inputs.inspectorsPerTask) {
      return {
        ok: false,
        reason: `“${entry.name}”（${entry.creditCode}）需回避的人员过多：可派的执法人员只有 ${allowed} 人，至少需要 ${inputs.inspectorsPerTask} 人`,
      };
    }
    // Rotation: the last inspectors of this target only when there are not enough others.
    const previous = entry.lastInspectors.filter((k) => loadOf.has(k) && !barred.has(k));
    if (allowed - previous.length >= inputs.inspectorsPerTask) for (const k of previous) barred.add(k);
    // Even workload: fill from the least loaded upwards, at random among equals.
    const rng = new DrawRng(seedHex, `inspectors/${entry.creditCode}`);
    const picked: OfficerEntry[] = [];
    for (const level of [...buckets.keys()].sort((a, b) => a - b)) {
      const need = inputs.inspectorsPerTask - picked.length;
      if (need === 0) break;
      const bucket = buckets.get(level)!;
      const tier = barred.size === 0 ? bucket : bucket.filter((o) => !barred.has(o.key));
      picked.push(...(tier.length <= need ? tier : sample(tier, need, rng)));
    }
    for (const o of picked) moveUp(buckets, loadOf, o);
    selections.push({
      creditCode: entry.creditCode,
      name: entry.name,
      stratum,
      inspectorKeys: picked.map((o) => o.key),
    });
  }
  return { ok: true, selections, strata, notes };
}
