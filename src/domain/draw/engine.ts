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

const byKey = (a: OfficerEntry, b: OfficerEntry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const NONE: readonly number[] = [];

/** Bars officer `r` for the current target, remembering it so the bar is lifted afterwards. */
function mark(barred: Uint8Array, marked: number[], r: number): void {
  if (barred[r]) return;
  barred[r] = 1;
  marked.push(r);
}

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
  // Members are kept as pool positions, in pool order: sampling a position list picks exactly what
  // sampling the entries would, and the chosen can then be visited in pool order without sorting.
  const byStratum = new Map<string, number[]>();
  for (let i = 0; i < pool.length; i++) {
    const t = pool[i]!;
    if (t.status !== 'open') continue;
    const s = inputs.stratify ? t.creditLevel : '全部';
    (byStratum.get(s) ?? byStratum.set(s, []).get(s)!).push(i);
  }
  const strataNames = inputs.stratify ? LEVELS.filter((l) => byStratum.has(l)) : ['全部'];
  const strata = strataNames.map((s) => {
    const size = byStratum.get(s)!.length;
    const bp = stratumBp(inputs.ratio, s);
    return { stratum: s, size, bp, count: countFor(size, bp) };
  });

  // 3. Draw each stratum: recently inspected targets wait, unless the stratum is too small without them.
  const stratumOf: (string | undefined)[] = new Array(pool.length);
  // Inspected fewer than `window` days before the draw date ⟺ inspected after drawDate − window (ISO dates compare as text).
  const cutoff = addDays(inputs.drawDate, -inputs.excludeWithinDays);
  const recent = (i: number) => {
    const last = pool[i]!.lastInspected;
    return inputs.excludeWithinDays > 0 && last !== null && last > cutoff;
  };
  for (const s of strata) {
    const all = byStratum.get(s.stratum)!;
    const fresh = all.filter((i) => !recent(i));
    const rng = new DrawRng(seedHex, `targets/${s.stratum}`);
    const label = s.stratum === '全部' ? '' : `${s.stratum} 级：`;
    if (fresh.length >= s.count) {
      for (const i of sample(fresh, s.count, rng)) stratumOf[i] = s.stratum;
      if (fresh.length < all.length)
        notes.push(
          `${label}${all.length - fresh.length} 户在 ${inputs.excludeWithinDays} 天内已检查过，本次不再抽取`,
        );
    } else {
      // Too few fresh targets: all of them, plus the longest-ago of the recent ones, drawn at random among equals.
      const byAge = all.filter(recent).sort((a, b) => {
        const x = pool[a]!.lastInspected!;
        const y = pool[b]!.lastInspected!;
        return x < y ? -1 : x > y ? 1 : a - b;
      });
      const extra = byAge.slice(0, s.count - fresh.length);
      for (const i of [...fresh, ...extra]) stratumOf[i] = s.stratum;
      if (extra.length > 0) {
        notes.push(
          `${label}对象不足，已纳入 ${extra.length} 户 ${inputs.excludeWithinDays} 天内检查过的对象（检查时间最早者优先）`,
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
  // Officers are numbered by key order (their rank); each load level is a rank-ordered bucket — the
  // order the spec samples from. Loads only grow by one, so the live levels are minLoad … maxLoad.
  const rankOf = new Map(officers.map((o, r) => [o.key, r]));
  const load = new Int32Array(officers.length);
  const buckets: number[][] = [officers.map((_, r) => r)];
  let minLoad = 0;
  const conflicted = new Map<string, number[]>();
  for (const [r, o] of officers.entries())
    for (const c of o.conflicts) (conflicted.get(c) ?? conflicted.set(c, []).get(c)!).push(r);
  const barred = new Uint8Array(officers.length);
  const need = inputs.inspectorsPerTask;
  for (let i = 0; i < pool.length; i++) {
    const stratum = stratumOf[i];
    if (stratum === undefined) continue;
    const entry = pool[i]!;
    const marked: number[] = [];
    for (const r of conflicted.get(entry.creditCode) ?? NONE) mark(barred, marked, r);
    const allowed = officers.length - marked.length;
    if (allowed < need) {
      return {
        ok: false,
        reason: `“${entry.name}”（${entry.creditCode}）需回避的人员过多：可派的执法人员只有 ${allowed} 人，至少需要 ${need} 人`,
      };
    }
    // Rotation: the last inspectors of this target only when there are not enough others.
    if (entry.lastInspectors.length > 0) {
      const previous = entry.lastInspectors.filter((k) => rankOf.has(k) && !barred[rankOf.get(k)!]);
      if (allowed - previous.length >= need) for (const k of previous) mark(barred, marked, rankOf.get(k)!);
    }
    // Even workload: fill from the least loaded upwards, at random among equals.
    const rng = new DrawRng(seedHex, `inspectors/${entry.creditCode}`);
    const picked: number[] = [];
    for (let level = minLoad; level < buckets.length && picked.length < need; level++) {
      const bucket = buckets[level]!;
      const tier = marked.length === 0 ? bucket : bucket.filter((r) => !barred[r]);
      const want = need - picked.length;
      picked.push(...(tier.length <= want ? tier : sample(tier, want, rng)));
    }
    for (const r of marked) barred[r] = 0;
    for (const r of picked) {
      const from = buckets[load[r]!]!;
      from.splice(from.indexOf(r), 1);
      load[r]!++;
      const to = buckets[load[r]!] ?? (buckets[load[r]!] = []);
      let lo = 0;
      let hi = to.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (to[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      to.splice(lo, 0, r);
    }
    while (buckets[minLoad]!.length === 0) minLoad++;
    selections.push({
      creditCode: entry.creditCode,
      name: entry.name,
      stratum,
      inspectorKeys: picked.map((r) => officers[r]!.key),
    });
  }
  return { ok: true, selections, strata, notes };
}
