import type { Models } from '../adapters/db/models';
import type { DrawStatus } from '../adapters/db/models/draw';
import { claim, receiptOf } from '../adapters/db/claim';
import { DomainError } from '../domain/errors';
import { LIVE, loadDraw, STATUS_LABELS, transitions } from './draw-store';
import { roundAttempts } from './period-marks';

/** How long a claimed attempt number may stay without its draw before another proposal takes it over (a crash). */
const STALE_CLAIM_MS = 2 * 60_000;

/** How long a proposal waits for a concurrent one's attempt to be stored before answering "try again". */
const IN_FLIGHT_WAIT_MS = 3_000;

export const attemptOf = (drawNo: string) => Number(drawNo.slice(drawNo.lastIndexOf('-') + 1));

export const attemptKey = (year: number, itemCode: string, round: number, n: number) =>
  `attempt:${year}:${itemCode}:${round}:${n}`;

/** Why a round cannot be proposed again while `drawNo` is open, and what to do. */
export const openAttemptText = (
  itemName: string,
  year: number,
  round: number,
  drawNo: string,
  status: DrawStatus,
) =>
  `“${itemName}”${year} 年第 ${round} 轮已有进行中的抽取 ${drawNo}（${STATUS_LABELS[status]}）。如需重新抽取，请先在该抽取的卡片上填写理由并取消。`;

/** A round, and how its attempts are numbered (the item's 序号 is part of the number). */
interface RoundRef {
  year: number;
  itemCode: string;
  round: number;
  numberOf: (n: number) => string;
}

/**
 * Reserves the round's next attempt for a request before its proposal runs in the background (quick:
 * no pool is read), so that clicking again finds it: the round's open attempt (`live`), a proposal
 * another request is making (`inFlight`), or this request's number (`reserved`; `proposeDraw` with the
 * same idempotency key takes it up). A reservation whose proposal is refused is released.
 */
export async function reserveAttempt(
  models: Models,
  r: RoundRef,
  idempotencyKey: string,
  now: Date,
): Promise<{ live: string; status: DrawStatus } | { inFlight: true } | { reserved: number }> {
  try {
    const slot = await claimAttempt(models, r, `propose:${idempotencyKey}`, now, false);
    return 'live' in slot ? slot : { reserved: slot.attempt };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'ATTEMPT_IN_FLIGHT') return { inFlight: true };
    throw err;
  }
}

/** Frees a reservation whose proposal the rules refused (no attempt was made). */
export async function releaseAttempt(
  models: Models,
  r: { year: number; itemCode: string; round: number; attempt: number },
  idempotencyKey: string,
): Promise<void> {
  await models.Receipt.deleteOne({
    _id: attemptKey(r.year, r.itemCode, r.round, r.attempt),
    'result.by': `propose:${idempotencyKey}`,
  });
}

/**
 * The next attempt number of a round, claimed for this request — or the round's open attempt, which
 * must end first. The claim of number n is where concurrent proposals meet: one wins it, the others
 * find it taken and then find the attempt open. A number claimed by a proposal that crashed before
 * storing its attempt is taken over after `STALE_CLAIM_MS`, so numbers have no gaps.
 */
export async function claimAttempt(
  models: Models,
  r: RoundRef,
  proposeKey: string,
  now: Date,
  wait = true,
): Promise<{ attempt: number } | { live: string; status: DrawStatus }> {
  for (let tries = 0; tries < 10; tries++) {
    const latest = (await roundAttempts(models, r, {})).at(-1) ?? null;
    const status = latest ? (await transitions(models, latest.drawNo)).status : null;
    if (latest && status && LIVE.includes(status)) return { live: latest.drawNo, status };
    const n = (latest?.attempt ?? 0) + 1;
    const key = attemptKey(r.year, r.itemCode, r.round, n);
    if (await claim(models, key, 'draw-attempt', now, { by: proposeKey })) return { attempt: n };
    const held = await receiptOf(models, key);
    const by = (held?.result as { by?: string } | null)?.by;
    if (by === proposeKey) return { attempt: n };
    if (!held || (await attemptStored(models, r.numberOf(n), wait))) continue; // it exists now: look again
    if (now.getTime() - new Date(held.at).getTime() < STALE_CLAIM_MS)
      throw new DomainError('ATTEMPT_IN_FLIGHT', '本轮有一次抽取正在发起，请稍候再试');
    await models.Receipt.deleteOne({ _id: key, 'result.by': by });
  }
  throw new Error(`could not claim an attempt of ${r.year}-${r.itemCode}-R${r.round}`);
}

/**
 * Whether another request's attempt is stored, waiting a moment for one being proposed right now (two
 * clicks at once: the second is then shown the first's attempt rather than told to try again).
 */
async function attemptStored(models: Models, drawNo: string, wait: boolean): Promise<boolean> {
  for (let waited = 0; wait && waited < IN_FLIGHT_WAIT_MS; waited += 100) {
    if (await loadDraw(models, drawNo)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (await loadDraw(models, drawNo)) !== null;
}
