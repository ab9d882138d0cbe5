import { eligibleOfficers, matchInspectors } from './match';
import {
  pickTargets,
  planTargets,
  type DrawOfficer,
  type DrawTarget,
  type RatioBp,
  type Selection,
  type Stratum,
} from './core';
import { reasonText, noteText, type DrawReason } from './texts';
import { sortedBy } from './canonical';

export type { RatioBp, Selection } from './core';

/**
 * DRAW-1, the first published algorithm: the result is computed from a seed the server alone chose,
 * at proposal. Kept so that every DRAW-1 record keeps verifying; new draws use DRAW-2 (./v2).
 */
export const ALGORITHM_VERSION = 'DRAW-1';

/** One target as a DRAW-1 pool snapshot publishes it. */
export type PoolEntry = DrawTarget;

/** One officer as a DRAW-1 officer list publishes it, declared conflicts included. */
export interface OfficerEntry extends DrawOfficer {
  /** Credit codes the officer declared a conflict with (回避). */
  conflicts: string[];
}

/** Everything a DRAW-1 draw depends on besides the seed; published, hashed, and all a verifier needs. */
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

export interface DrawResult {
  ok: true;
  selections: Selection[];
  strata: Stratum[];
  /** Plain-language notes (Chinese) on what was excluded or relaxed and why. */
  notes: string[];
}

export interface DrawFailure {
  ok: false;
  /** Why the draw cannot be made, in Chinese, specific enough to act on. */
  reason: string;
}

/**
 * The pool in credit-code order (UTF-16 code units: the native string sort, far faster than a
 * comparator on 100,000 entries), or null if a code appears twice.
 */
function sortByCode(pool: readonly PoolEntry[]): PoolEntry[] | null {
  let sorted = true;
  for (let i = 1; i < pool.length && sorted; i++) sorted = pool[i - 1]!.creditCode < pool[i]!.creditCode;
  if (sorted) return [...pool];
  const byCodeMap = new Map(pool.map((t) => [t.creditCode, t]));
  if (byCodeMap.size !== pool.length) return null;
  return [...byCodeMap.keys()].sort().map((c) => byCodeMap.get(c)!);
}

const fail = (reason: DrawReason): DrawFailure => ({ ok: false, reason: reasonText(reason) });

/**
 * DRAW-1: draws the targets of one round of one item and matches their inspectors, as specified in
 * docs/draw-algorithm.md. Pure: the same inputs and seed always give the same result, whatever the
 * order of the input lists. Never returns a partial result: an infeasible draw says why.
 */
export function runDraw(inputs: DrawInputs, seedHex: string): DrawResult | DrawFailure {
  if (inputs.algorithm !== ALGORITHM_VERSION)
    return fail({ code: 'UNSUPPORTED_ALGORITHM', algorithm: String(inputs.algorithm) });
  if (inputs.ratio.kind === 'range' && !inputs.stratify) return fail({ code: 'RANGE_NEEDS_STRATA' });
  if (inputs.inspectorsPerTask < 2) return fail({ code: 'TOO_FEW_PER_TASK' });
  const pool = sortByCode(inputs.pool);
  if (!pool) return fail({ code: 'DUPLICATE_CREDIT_CODE' });
  const plan = planTargets(pool, inputs);
  if (!plan.ok) return fail(plan.reason);
  const stratumOf = pickTargets(pool.length, plan.groups, seedHex);
  const team = eligibleOfficers(
    sortedBy(inputs.officers, (o) => o.key),
    inputs,
  );
  if (!team.ok) return fail(team.reason);
  const conflicted = new Map<string, number[]>();
  for (const [r, o] of team.officers.entries())
    for (const c of o.conflicts) (conflicted.get(c) ?? conflicted.set(c, []).get(c)!).push(r);
  const matched = matchInspectors(
    pool,
    stratumOf,
    team.officers,
    inputs.inspectorsPerTask,
    (code) => conflicted.get(code),
    seedHex,
    (i, stratum, inspectorKeys) => ({
      creditCode: pool[i]!.creditCode,
      name: pool[i]!.name,
      stratum,
      inspectorKeys,
    }),
  );
  if (!matched.ok) return fail(matched.reason);
  return { ok: true, selections: matched.selections, strata: plan.strata, notes: plan.notes.map(noteText) };
}
