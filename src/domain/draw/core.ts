import { addDays } from '../calendar';
import type { CreditLevel } from '../target';
import { countFor } from './count';
import { DrawRng, sample } from './prng';
import type { DrawNote, DrawReason, StratumName } from './texts';

/**
 * The target steps DRAW-1 and DRAW-2 share (docs/draw-algorithm.md §5): which targets may be drawn
 * and how many per stratum (no randomness), and sampling them; matching inspectors is in ./match.ts.
 * Every function takes its list already in the specified order (targets by credit code) and never
 * reorders it.
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
  // Inspected fewer than `window` days before the draw date ⟺ after drawDate − window (ISO dates compare as text).
  const days = rule.excludeWithinDays;
  const cutoff = addDays(rule.drawDate, -days);
  // One pass: each open target's pool position (pool order) under its stratum, fresh or recent.
  // Sampling positions picks exactly what sampling entries would.
  const split = new Map<StratumName, { fresh: number[]; recent: number[] }>();
  let open = 0;
  for (let i = 0; i < pool.length; i++) {
    const t = pool[i]!;
    if (t.status !== 'open') continue;
    open++;
    const s: StratumName = rule.stratify ? t.creditLevel : '全部';
    let lists = split.get(s);
    if (!lists) split.set(s, (lists = { fresh: [], recent: [] }));
    const last = t.lastInspected;
    (days > 0 && last !== null && last > cutoff ? lists.recent : lists.fresh).push(i);
  }
  if (pool.length > open) notes.push({ code: 'NOT_OPEN_EXCLUDED', count: pool.length - open });
  if (open === 0) return { ok: false, reason: { code: 'NO_OPEN_TARGETS', poolSize: pool.length } };

  const names: StratumName[] = rule.stratify ? LEVELS.filter((l) => split.has(l)) : ['全部'];
  const strata = names.map((s) => {
    const { fresh, recent } = split.get(s)!;
    const size = fresh.length + recent.length;
    const bp = stratumBp(rule.ratio, s);
    return { stratum: s, size, bp, count: countFor(size, bp) };
  });

  const groups: TargetGroup[] = [];
  for (const s of strata) {
    const { fresh, recent } = split.get(s.stratum)!;
    if (fresh.length >= s.count) {
      groups.push({ stratum: s.stratum, sample: fresh, count: s.count });
      if (recent.length > 0)
        notes.push({ code: 'RECENT_SKIPPED', stratum: s.stratum, count: recent.length, days });
      continue;
    }
    // Too few fresh targets: all of them, plus the longest-ago recent ones (ties: pool order). No randomness.
    const byAge = recent.slice().sort((a, b) => {
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
