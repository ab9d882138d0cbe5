import type { StratumName } from './texts';
import { DrawRng, sample, sampleOf } from './prng';
import type { DrawOfficer, DrawTarget, Refusal } from './core';

/**
 * Steps 4 and 5 of DRAW-1 and DRAW-2 (docs/draw-algorithm.md §5): which officers may inspect the item,
 * and matching them to the drawn targets. Officers come in key order (UTF-16 code units), never
 * reordered here.
 */

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

/**
 * The officers barred for the current target: a flag by rank, and the ranks flagged (`count` of them) so
 * that the bars are lifted afterwards without a pass over every officer.
 */
class Bars {
  readonly barred: Uint8Array;
  private readonly ranks: Int32Array;
  count = 0;
  constructor(n: number) {
    this.barred = new Uint8Array(n);
    this.ranks = new Int32Array(n);
  }
  mark(r: number): void {
    if (this.barred[r]) return;
    this.barred[r] = 1;
    this.ranks[this.count++] = r;
  }
  clear(): void {
    for (let p = 0; p < this.count; p++) this.barred[this.ranks[p]!] = 0;
    this.count = 0;
  }
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
  /** `at`, bound once: the sampler reads members through it. */
  readonly atFn = (j: number): number => this.at(j);

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
  const bars = new Bars(officers.length);
  const barred = bars.barred;
  const stream = new DrawRng(seedHex, 'inspectors/');
  /** The current target's picks, `count` of them: one array for every target (a new one each cost 150 bytes). */
  const picked: number[] = new Array<number>(need).fill(0);
  for (let i = 0; i < pool.length; i++) {
    const stratum = stratumOf[i];
    if (stratum === undefined) continue;
    const entry = pool[i]!;
    for (const r of recused(entry.creditCode, i) ?? NONE) bars.mark(r);
    const allowed = officers.length - bars.count;
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
      if (allowed - previous.length >= need) for (const k of previous) bars.mark(rankOf.get(k)!);
    }
    const rng = stream.restart('inspectors/', entry.creditCode);
    let count = 0;
    for (let level = minLoad; level < levels.length && count < need; level++) {
      const set = levels[level]!;
      const want = need - count;
      if (bars.count === 0) {
        if (set.size <= want) for (let j = 0; j < set.size; j++) picked[count++] = set.at(j);
        else {
          sampleOf(set.size, want, set.atFn, rng, picked, count);
          count += want;
        }
      } else {
        const tier = set.list().filter((r) => !barred[r]);
        for (const r of tier.length <= want ? tier : sample(tier, want, rng)) picked[count++] = r;
      }
    }
    bars.clear();
    const keys: string[] = new Array<string>(count);
    for (let p = 0; p < count; p++) {
      const r = picked[p]!;
      keys[p] = officers[r]!.key;
      levels[load[r]!]!.add(r, -1);
      load[r]!++;
      (levels[load[r]!] ?? (levels[load[r]!] = new RankSet(officers.length))).add(r);
    }
    while (levels[minLoad]!.size === 0) minLoad++;
    selections.push(make(i, stratum, keys));
  }
  return { ok: true, selections };
}
