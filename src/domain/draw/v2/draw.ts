import { pickTargets, planTargets } from '../core';
import { eligibleOfficers, matchInspectors } from '../match';
import type { InputsV2, PlanV2, SelectionV2 } from './schema';

/**
 * DRAW-2's two computations (docs/draw-algorithm.md §5): the plan, from the public inputs alone (no
 * randomness: published with the proposal), and the selection, from the inputs, the seed that exists
 * only once the draw is approved, and the recusal sets of the drawn targets. Inputs are taken as the
 * record holds them: validated, lists in order.
 */

/** How many per stratum, what was left out and why, or why no draw can be made. */
export function planV2(inputs: InputsV2): PlanV2 {
  const targets = planTargets(inputs.pool, inputs);
  if (!targets.ok) return { ok: false, reason: targets.reason as Extract<PlanV2, { ok: false }>['reason'] };
  const team = eligibleOfficers(inputs.officers, inputs);
  if (!team.ok) return { ok: false, reason: team.reason as Extract<PlanV2, { ok: false }>['reason'] };
  return { ok: true, strata: targets.strata, notes: targets.notes };
}

/** A drawn target's recusal set and the salt that opens its digest. */
export interface Opening {
  salt: string;
  officerKeys: string[];
}

/** Raised when the selection cannot be completed from what it was given; the verifier reports it. */
export class SelectionProblem extends Error {}

/**
 * The drawn targets, in credit-code order, each with its inspectors and the opening of its recusal
 * digest. `openingOf` gives a drawn target's opening (the server: from the declared conflicts; the
 * verifier: from the published result, digests checked), or null if there is none.
 */
export function selectV2(
  inputs: InputsV2,
  seedHex: string,
  openingOf: (creditCode: string, poolIndex: number) => Opening | null,
): SelectionV2[] {
  const targets = planTargets(inputs.pool, inputs);
  const team = eligibleOfficers(inputs.officers, inputs);
  if (!targets.ok || !team.ok) throw new SelectionProblem('抽取计划不可行，不应有抽取结果');
  const stratumOf = pickTargets(inputs.pool.length, targets.groups, seedHex);
  const rankOf = new Map(team.officers.map((o, r) => [o.key, r]));
  // Openings by pool position, and the recused ranks they give; selections come back in pool order.
  const openings: Opening[] = new Array(inputs.pool.length);
  const recusedRanks: (readonly number[] | undefined)[] = new Array(inputs.pool.length);
  for (let i = 0; i < stratumOf.length; i++) {
    if (stratumOf[i] === undefined) continue;
    const code = inputs.pool[i]!.creditCode;
    const opening = openingOf(code, i);
    if (!opening) throw new SelectionProblem(`抽中的检查对象 ${code} 没有公开其回避承诺的开启值`);
    openings[i] = opening;
    // Only eligible officers can be barred; a recused officer who could not go anyway changes nothing.
    if (opening.officerKeys.length > 0)
      recusedRanks[i] = opening.officerKeys.flatMap((k) => rankOf.get(k) ?? []);
  }
  const matched = matchInspectors(
    inputs.pool,
    stratumOf,
    team.officers,
    inputs.inspectorsPerTask,
    (_, i) => recusedRanks[i],
    seedHex,
    (i, stratum, inspectorKeys): SelectionV2 => ({
      creditCode: inputs.pool[i]!.creditCode,
      name: inputs.pool[i]!.name,
      stratum: stratum as SelectionV2['stratum'],
      inspectorKeys,
      // The opening is the published recusal (what openingOf gives is not changed afterwards).
      recusal: openings[i]!,
    }),
  );
  if (!matched.ok) {
    const r = matched.reason as { creditCode: string; available: number; needed: number };
    throw new SelectionProblem(
      `抽中的检查对象 ${r.creditCode} 回避后可派的执法人员只有 ${r.available} 人，少于 ${r.needed} 人（发起时的回避检查应已排除这种情况）`,
    );
  }
  return matched.selections;
}

/**
 * The server's check before proposing (private: it reads the declared conflicts): every open target
 * must keep enough eligible officers after recusal, so that whatever is drawn can be staffed and an
 * approved draw never fails. Returns the targets that could not be.
 */
export function understaffed(
  inputs: InputsV2,
  conflictsOf: (creditCode: string) => readonly string[],
): string[] {
  const team = eligibleOfficers(inputs.officers, inputs);
  if (!team.ok) return [];
  const eligible = new Set(team.officers.map((o) => o.key));
  const short: string[] = [];
  for (const t of inputs.pool) {
    if (t.status !== 'open') continue;
    const declared = conflictsOf(t.creditCode);
    let barred = 0;
    // Most targets declare nothing: no set made for them (100,000 per proposal).
    if (declared.length > 0) for (const k of new Set(declared)) if (eligible.has(k)) barred++;
    if (eligible.size - barred < inputs.inspectorsPerTask) short.push(t.creditCode);
  }
  return short;
}
