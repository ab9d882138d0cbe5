import { addDays } from '../calendar';
import type { CreditLevel } from '../target';
import { countFor } from './count';
import { DrawRng, sample, sampleOf } from './prng';
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

/** Whether an officer's unit and areas let them inspect the item (step 4, `active` aside). */
export const competent = (
  o: Pick<DrawOfficer, 'unitName' | 'areas'>,
  rule: { unit: string; allowOtherUnits: boolean; itemCode: string },
): boolean =>
  (rule.allowOtherUnits || o.unitName === rule.unit) &&
  (o.areas.length === 0 || o.areas.includes(rule.itemCode));

/** Step 4: active officers of the unit (unless others may go) competent for the item, in key order. */
export function eligibleOfficers<O extends DrawOfficer>(
  officers: readonly O[],
  rule: { unit: string; allowOtherUnits: boolean; itemCode: string; inspectorsPerTask: number },
): { ok: true; officers: O[] } | Refusal {
  const eligible = officers.filter((o) => o.active && competent(o, rule));
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
 * The officers at one load, as a set of ranks read in rank order by position: a Fenwick tree, so that
 * moving an officer up a level and reading the j-th member are O(log n) (a sorted array made every
 * assignment shift hundreds of entries twice).
 */
class RankSet {
  private readonly tree: Int32Array;
  private readonly top: number;
  size = 0;

  constructor(private readonly n: number) {
    this.tree = new Int32Array(n + 1);
    this.top = n > 0 ? 2 ** Math.floor(Math.log2(n)) : 0;
  }

  static full(n: number): RankSet {
    const set = new RankSet(n);
    for (let i = 1; i <= n; i++) {
      set.tree[i]! += 1;
      const parent = i + (i & -i);
      if (parent <= n) set.tree[parent]! += set.tree[i]!;
    }
    set.size = n;
    return set;
  }

  add(r: number, d = 1): void {
    this.size += d;
    for (let i = r + 1; i <= this.n; i += i & -i) this.tree[i]! += d;
  }

  /** The rank at position `j` (0-based) in rank order. */
  at(j: number): number {
    let pos = 0;
    let rest = j + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.n && this.tree[next]! < rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return pos;
  }

  list(): number[] {
    return Array.from({ length: this.size }, (_, j) => this.at(j));
  }
}

/**
 * Step 5: target by target in pool order, with the stream `inspectors/<credit code>`: recusals out
 * (too few left: refused), last time's inspectors out while enough others remain (rotation), then the
 * team filled from the least-loaded officers upward, at random among equals.
 * `recused(creditCode, poolIndex)` gives the ranks (positions in `officers`) barred for that target
 * (undefined: none);
 * `make` builds each drawn target's selection from its pool position, stratum and inspectors' keys.
 */
export function matchInspectors<S>(
  pool: readonly DrawTarget[],
  stratumOf: readonly (StratumName | undefined)[],
  officers: readonly DrawOfficer[],
  need: number,
  recused: (creditCode: string, poolIndex: number) => readonly number[] | undefined,
  seedHex: string,
  make: (poolIndex: number, stratum: StratumName, inspectorKeys: string[]) => S,
): { ok: true; selections: S[] } | Refusal {
  const selections: S[] = [];
  // Each load level is the set of officers at that load, read in rank order — the order the spec
  // samples from. Loads only grow by one.
  const rankOf = new Map(officers.map((o, r) => [o.key, r]));
  const load = new Int32Array(officers.length);
  const levels: RankSet[] = [RankSet.full(officers.length)];
  let minLoad = 0;
  const barred = new Uint8Array(officers.length);
  const marked: number[] = [];
  for (let i = 0; i < pool.length; i++) {
    const stratum = stratumOf[i];
    if (stratum === undefined) continue;
    const entry = pool[i]!;
    marked.length = 0;
    for (const r of recused(entry.creditCode, i) ?? NONE) mark(barred, marked, r);
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
    for (let level = minLoad; level < levels.length && picked.length < need; level++) {
      const set = levels[level]!;
      const want = need - picked.length;
      if (marked.length === 0) {
        if (set.size <= want) picked.push(...set.list());
        else picked.push(...sampleOf(set.size, want, (j) => set.at(j), rng));
      } else {
        const tier = set.list().filter((r) => !barred[r]);
        picked.push(...(tier.length <= want ? tier : sample(tier, want, rng)));
      }
    }
    for (const r of marked) barred[r] = 0;
    for (const r of picked) {
      levels[load[r]!]!.add(r, -1);
      load[r]!++;
      (levels[load[r]!] ?? (levels[load[r]!] = new RankSet(officers.length))).add(r);
    }
    while (levels[minLoad]!.size === 0) minLoad++;
    selections.push(
      make(
        i,
        stratum,
        picked.map((r) => officers[r]!.key),
      ),
    );
  }
  return { ok: true, selections };
}
