import type { Models } from '../adapters/db/models';
import { claim, receiptOf } from '../adapters/db/claim';
import { DomainError } from '../domain/errors';
import { transitions } from './draw-store';

/**
 * A round of an item is held by its one approved draw (`round:<year>:<item>:<round>`): taken at
 * approval, before the decision, so two approvals of one round cannot both succeed.
 */

const roundKey = (year: number, itemCode: string, round: number) => `round:${year}:${itemCode}:${round}`;

/** The draw that holds a round (approved for it, or taking it now), or null. */
export async function roundHolder(
  models: Models,
  year: number,
  itemCode: string,
  round: number,
  live = true,
): Promise<string | null> {
  const r = await receiptOf(models, roundKey(year, itemCode, round));
  const holder = (r?.result as { drawNo?: string } | null)?.drawNo ?? null;
  if (!holder || !live) return holder;
  // A holder that then lost its decision (see takeRound) holds nothing.
  return (await stillHolds(models, holder)) ? holder : null;
}

/** Whether a draw that took its round still may hold it: undecided yet, or approved. */
async function stillHolds(models: Models, drawNo: string): Promise<boolean> {
  const decided = (await transitions(models, drawNo)).decide;
  return !decided || decided.to === 'approved';
}

/** Whether an approved draw holds the round: then it needs no prompt. */
export async function roundIsDrawn(models: Models, year: number, itemCode: string, round: number) {
  return (await roundHolder(models, year, itemCode, round)) !== null;
}

/** The round a new draw of an item is for, or why there is none. */
export type RoundToDraw =
  | { kind: 'round'; year: number; round: number; drawBy: string; deadline: string; late: boolean }
  | { kind: 'all-drawn'; year: number }
  | { kind: 'no-plan'; year: number };

/**
 * The round a new draw of the item is for on `today`: a round of last year still undrawn first (drawn
 * late: last year's rounds are escalated into this one, so they must stay drawable — no dead end), then
 * the first round of this year no approved draw holds (late when its draw-by date has passed). When
 * there is none: every round of the year is drawn, or the year has no plan for the item yet.
 */
export async function roundToDraw(models: Models, today: string, itemCode: string): Promise<RoundToDraw> {
  const year = Number(today.slice(0, 4));
  const roundsOf = async (y: number) =>
    (await models.AnnualPlan.findOne({ year: y }).lean())?.items.find((i) => i.itemCode === itemCode)
      ?.rounds ?? null;
  const [last, current] = await Promise.all([roundsOf(year - 1), roundsOf(year)]);
  for (const [y, rounds] of [
    [year - 1, last],
    [year, current],
  ] as const)
    for (const r of rounds ?? [])
      if (!(await roundHolder(models, y, itemCode, r.round)))
        return {
          kind: 'round',
          year: y,
          round: r.round,
          drawBy: r.drawBy,
          deadline: r.deadline,
          late: today > r.drawBy,
        };
  return current ? { kind: 'all-drawn', year } : { kind: 'no-plan', year };
}

/**
 * Makes this draw the round's one approved draw. A holder that lost its own decision (rejected or
 * cancelled after it took the round) is displaced; a live holder means the round is taken.
 */
export async function takeRound(
  models: Models,
  draw: { drawNo: string; year: number; itemCode: string; round: number },
  now: Date,
): Promise<void> {
  const key = roundKey(draw.year, draw.itemCode, draw.round);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await claim(models, key, 'round', now, { drawNo: draw.drawNo })) return;
    const holder = await roundHolder(models, draw.year, draw.itemCode, draw.round, false);
    if (holder === draw.drawNo) return;
    if (holder) {
      if (await stillHolds(models, holder))
        throw new DomainError('ROUND_TAKEN', `本轮已批准抽取 ${holder}，不能再批准 ${draw.drawNo}`);
      await models.Receipt.deleteOne({ key, 'result.drawNo': holder });
    }
  }
  throw new Error(`could not take round ${key}`);
}
