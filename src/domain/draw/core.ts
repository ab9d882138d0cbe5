import { addDays } from '../calendar';
import type { CreditLevel } from '../target';
import { countFor } from './count';
import { DrawRng, sample } from './prng';
import type { DrawNote, DrawReason, StratumName } from './texts';

/**
 * The steps DRAW-1 and DRAW-2 share (docs/draw-algorithm.md §5): which targets may be drawn and how
 * many per stratum (no randomness), sampling them, and matching inspectors. Every function takes its
 * lists already in the specified order — targets by credit code, officers by key (UTF-16 code units) —
 * and never reorders them.
 */

/** A target as the draw reads it. */
export interface DrawTarget {
  creditCode: string;
  name: string;
  creditLevel: CreditLevel;
  status: 'open' | 'suspended' | 'closed';
  /** Last inspection for this item (YYYY-MM-DD), or null. */
  lastInspected: string | null;
  /** Keys of the officers who inspected it last time for this item (rotation). */
  lastInspectors: string[];
}

/** An officer as the draw reads it. */
export interface DrawOfficer {
  key: string;
  name: string;
  unitName: string;
  active: boolean;
  /** Item codes the officer may inspect; empty: any item. */
  areas: string[];
}

export type RatioBp = { kind: 'fixed'; bp: number } | { kind: 'range'; minBp: number; maxBp: number };

export interface Stratum {
  stratum: StratumName;
  size: number;
  bp: number;
  count: number;
}

export interface Selection {
  creditCode: string;
  name: string;
  stratum: StratumName;
  inspectorKeys: string[];
}

/** A stratum's targets as pool positions (pool order): sampled from, or (too few fresh ones) taken as they are. */
export type TargetGroup =
  { stratum: StratumName; sample: number[]; count: number } | { stratum: StratumName; take: number[] };

export interface TargetPlan {
  strata: Stratum[];
  notes: DrawNote[];
  groups: TargetGroup[];
}

export type Refusal = { ok: false; reason: DrawReason };

const LEVELS: CreditLevel[] = ['A', 'B', 'C', 'D'];

function stratumBp(ratio: RatioBp, stratum: StratumName): number {
  if (ratio.kind === 'fixed') return ratio.bp;
  const step = LEVELS.indexOf(stratum as CreditLevel);
  return ratio.minBp + Math.floor(((ratio.maxBp - ratio.minBp) * step) / 3);
}

/**
 * Steps 1–3 without randomness: open targets, strata and their counts, the no-repeat window.
 * Notes come in this order: targets not open, then each stratum's window note (A, B, C, D).
 */
export function planTargets(
  pool: readonly DrawTarget[],
  rule: { stratify: boolean; ratio: RatioBp; drawDate: string; excludeWithinDays: number },
): ({ ok: true } & TargetPlan) | Refusal {
  const notes: DrawNote[] = [];
  let open = 0;
  for (const t of pool) if (t.status === 'open') open++;
  if (pool.length > open) notes.push({ code: 'NOT_OPEN_EXCLUDED', count: pool.length - open });
  if (open === 0) return { ok: false, reason: { code: 'NO_OPEN_TARGETS', poolSize: pool.length } };

  // Members are pool positions in pool order: sampling positions picks exactly what sampling entries would.
  const byStratum = new Map<StratumName, number[]>();
  for (let i = 0; i < pool.length; i++) {
    const t = pool[i]!;
    if (t.status !== 'open') continue;
    const s: StratumName = rule.stratify ? t.creditLevel : '全部';
    (byStratum.get(s) ?? byStratum.set(s, []).get(s)!).push(i);
  }
  const names: StratumName[] = rule.stratify ? LEVELS.filter((l) => byStratum.has(l)) : ['全部'];
  const strata = names.map((s) => {
    const size = byStratum.get(s)!.length;
    const bp = stratumBp(rule.ratio, s);
    return { stratum: s, size, bp, count: countFor(size, bp) };
  });

  // Inspected fewer than `window` days before the draw date ⟺ after drawDate − window (ISO dates compare as text).
  const days = rule.excludeWithinDays;
  const cutoff = addDays(rule.drawDate, -days);
  const recent = (i: number) => {
    const last = pool[i]!.lastInspected;
    return days > 0 && last !== null && last > cutoff;
  };
  const groups: TargetGroup[] = [];
  for (const s of strata) {
    const all = byStratum.get(s.stratum)!;
    const fresh = all.filter((i) => !recent(i));
    if (fresh.length >= s.count) {
      groups.push({ stratum: s.stratum, sample: fresh, count: s.count });
      if (fresh.length < all.length)
        notes.push({ code: 'RECENT_SKIPPED', stratum: s.stratum, count: all.length - fresh.length, days });
      continue;
    }
    // Too few fresh targets: all of them, plus the longest-ago recent ones (ties: pool order). No randomness.
    const byAge = all.filter(recent).sort((a, b) => {
      const x = pool[a]!.lastInspected!;
      const y = pool[b]!.lastInspected!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const extra = byAge.slice(0, s.count - fresh.length);
    groups.push({ stratum: s.stratum, take: [...fresh, ...extra] });
    if (extra.length > 0)
      notes.push({ code: 'RECENT_INCLUDED', stratum: s.stratum, count: extra.length, days });
  }
  return { ok: true, strata, notes, groups };
}

/** Step 3's draw: each stratum sampled with the stream `targets/<stratum>`. The stratum of each pool position, or undefined. */
export function pickTargets(poolSize: number, groups: readonly TargetGroup[], seedHex: string) {
  const stratumOf: (StratumName | undefined)[] = new Array(poolSize);
  for (const g of groups) {
    const stratum: StratumName = g.stratum;
    const chosen =
      'take' in g ? g.take : sample(g.sample, g.count, new DrawRng(seedHex, `targets/${g.stratum}`));
    for (const i of chosen) stratumOf[i] = stratum;
  }
  return stratumOf;
}

/** Step 4: active officers of the unit (unless others may go) competent for the item, in key order. */
export function eligibleOfficers<O extends DrawOfficer>(
  officers: readonly O[],
  rule: { unit: string; allowOtherUnits: boolean; itemCode: string; inspectorsPerTask: number },
): { ok: true; officers: O[] } | Refusal {
  const eligible = officers.filter(
    (o) =>
      o.active &&
      (rule.allowOtherUnits || o.unitName === rule.unit) &&
      (o.areas.length === 0 || o.areas.includes(rule.itemCode)),
  );
  if (eligible.length < rule.inspectorsPerTask)
    return {
      ok: false,
      reason: {
        code: 'TOO_FEW_OFFICERS',
        unit: rule.allowOtherUnits ? null : rule.unit,
        available: eligible.length,
        needed: rule.inspectorsPerTask,
      },
    };
  return { ok: true, officers: eligible };
}

const NONE: readonly number[] = [];

/** Bars officer `r` for the current target, remembering it so the bar is lifted afterwards. */
function mark(barred: Uint8Array, marked: number[], r: number): void {
  if (barred[r]) return;
  barred[r] = 1;
  marked.push(r);
}

/**
 * Step 5: target by target in pool order, with the stream `inspectors/<credit code>`: recusals out
 * (too few left: refused), last time's inspectors out while enough others remain (rotation), then the
 * team filled from the least-loaded officers upward, at random among equals.
 * `recused(creditCode)` gives the ranks (positions in `officers`) barred for that target.
 */
export function matchInspectors(
  pool: readonly DrawTarget[],
  stratumOf: readonly (StratumName | undefined)[],
  officers: readonly DrawOfficer[],
  need: number,
  recused: (creditCode: string) => readonly number[],
  seedHex: string,
): { ok: true; selections: Selection[] } | Refusal {
  const selections: Selection[] = [];
  // Each load level is a rank-ordered bucket — the order the spec samples from. Loads only grow by one.
  const rankOf = new Map(officers.map((o, r) => [o.key, r]));
  const load = new Int32Array(officers.length);
  const buckets: number[][] = [officers.map((_, r) => r)];
  let minLoad = 0;
  const barred = new Uint8Array(officers.length);
  for (let i = 0; i < pool.length; i++) {
    const stratum = stratumOf[i];
    if (stratum === undefined) continue;
    const entry = pool[i]!;
    const marked: number[] = [];
    for (const r of recused(entry.creditCode) ?? NONE) mark(barred, marked, r);
    const allowed = officers.length - marked.length;
    if (allowed < need)
      return {
        ok: false,
        reason: {
          code: 'RECUSAL_TOO_MANY',
          creditCode: entry.creditCode,
          name: entry.name,
          available: allowed,
          needed: need,
        },
      };
    if (entry.lastInspectors.length > 0) {
      const previous = entry.lastInspectors.filter((k) => rankOf.has(k) && !barred[rankOf.get(k)!]);
      if (allowed - previous.length >= need) for (const k of previous) mark(barred, marked, rankOf.get(k)!);
    }
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
  return { ok: true, selections };
}
