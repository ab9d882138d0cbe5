import type { Models } from '../adapters/db/models';
import { claim, receiptOf } from '../adapters/db/claim';
import { DomainError } from '../domain/errors';
import { transitions } from './draw-store';

/**
 * A round of an item is held by its one approved draw (`round:<year>:<item>:<round>`): taken at
 * approval, before the decision, so two approvals of one round cannot both succeed. Or by a waiver
 * (免于抽查), which the 责任局领导 gives with a reason: the same receipt, so a round is either drawn or
 * waived, never both.
 */

const roundKey = (year: number, itemCode: string, round: number) => `round:${year}:${itemCode}:${round}`;

/** A round formally waived: by whom (person key), why, when. */
export interface RoundWaiver {
  by: string;
  reason: string;
  at: string;
}

type RoundReceipt = { drawNo?: string; waived?: RoundWaiver } | null;

/** What settles a round: its approved draw, or its waiver; null while neither does. */
export async function roundStatus(
  models: Models,
  year: number,
  itemCode: string,
  round: number,
): Promise<{ kind: 'drawn'; drawNo: string } | { kind: 'waived'; waiver: RoundWaiver } | null> {
  const r = (await receiptOf(models, roundKey(year, itemCode, round)))?.result as RoundReceipt;
  if (r?.waived) return { kind: 'waived', waiver: r.waived };
  const holder = r?.drawNo ?? null;
  // A holder that then lost its decision (see takeRound) holds nothing.
  return holder && (await stillHolds(models, holder)) ? { kind: 'drawn', drawNo: holder } : null;
}

/** The draw that holds a round (approved for it, or taking it now), or null (also when it is waived). */
export async function roundHolder(
  models: Models,
  year: number,
  itemCode: string,
  round: number,
  live = true,
): Promise<string | null> {
  if (!live) {
    const r = (await receiptOf(models, roundKey(year, itemCode, round)))?.result as RoundReceipt;
    return r?.drawNo ?? null;
  }
  const status = await roundStatus(models, year, itemCode, round);
  return status?.kind === 'drawn' ? status.drawNo : null;
}

/** Whether a draw that took its round still may hold it: undecided yet, or approved. */
async function stillHolds(models: Models, drawNo: string): Promise<boolean> {
  const decided = (await transitions(models, drawNo)).decide;
  return !decided || decided.to === 'approved';
}

/** Whether an approved draw or a waiver settles the round: then it needs no prompt and no escalation. */
export async function roundIsDrawn(models: Models, year: number, itemCode: string, round: number) {
  return (await roundStatus(models, year, itemCode, round)) !== null;
}

/** The round a new draw of an item is for, or why there is none. */
export type RoundToDraw =
  | { kind: 'round'; year: number; round: number; drawBy: string; deadline: string; late: boolean }
  | { kind: 'all-drawn'; year: number }
  | { kind: 'no-plan'; year: number }
  /** The year's plan is approved but leaves this item out. */
  | { kind: 'not-planned'; year: number };

/**
 * The round a new draw of the item is for on `today`: a round of last year still undrawn first (drawn
 * late: last year's rounds are escalated into this one, so they must stay drawable — no dead end), then
 * the first round of this year no approved draw holds (late when its draw-by date has passed). When
 * there is none: every round of the year is drawn, or the year has no plan for the item yet.
 */
export async function roundToDraw(models: Models, today: string, itemCode: string): Promise<RoundToDraw> {
  const year = Number(today.slice(0, 4));
  const planOf = (y: number) => models.AnnualPlan.findOne({ year: y }, { items: 1 }).lean();
  const roundsIn = (p: Awaited<ReturnType<typeof planOf>>) =>
    p?.items.find((i) => i.itemCode === itemCode)?.rounds ?? null;
  const [lastPlan, thisPlan] = await Promise.all([planOf(year - 1), planOf(year)]);
  const [last, current] = [roundsIn(lastPlan), roundsIn(thisPlan)];
  for (const [y, rounds] of [
    [year - 1, last],
    [year, current],
  ] as const)
    for (const r of rounds ?? [])
      if (!(await roundStatus(models, y, itemCode, r.round)))
        return {
          kind: 'round',
          year: y,
          round: r.round,
          drawBy: r.drawBy,
          deadline: r.deadline,
          late: today > r.drawBy,
        };
  if (current) return { kind: 'all-drawn', year };
  return thisPlan ? { kind: 'not-planned', year } : { kind: 'no-plan', year };
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
    const waived = await roundStatus(models, draw.year, draw.itemCode, draw.round);
    if (waived?.kind === 'waived')
      throw new DomainError(
        'ROUND_WAIVED',
        `本轮已免于抽查（${waived.waiver.reason}），不能再批准 ${draw.drawNo}`,
      );
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

/**
 * 免于抽查: settles a round without a draw — only while no approved draw holds it (one whose decision
 * was lost is displaced, as in takeRound). Waiving the waived round again is a no-op; the first reason stands.
 */
export async function waiveRound(
  models: Models,
  r: { year: number; itemCode: string; round: number; by: string; reason: string; now: Date },
): Promise<{ waiver: RoundWaiver; again: boolean }> {
  const key = roundKey(r.year, r.itemCode, r.round);
  const waiver: RoundWaiver = { by: r.by, reason: r.reason, at: r.now.toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await claim(models, key, 'round', r.now, { waived: waiver })) return { waiver, again: false };
    const status = await roundStatus(models, r.year, r.itemCode, r.round);
    if (status?.kind === 'waived') return { waiver: status.waiver, again: true };
    if (status?.kind === 'drawn')
      throw new DomainError('ROUND_TAKEN', `本轮已批准抽取 ${status.drawNo}，不能再免于抽查`);
    const dead = await roundHolder(models, r.year, r.itemCode, r.round, false);
    if (dead) await models.Receipt.deleteOne({ key, 'result.drawNo': dead });
  }
  throw new Error(`could not waive round ${key}`);
}
