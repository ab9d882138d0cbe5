import type { Models } from '../adapters/db/models';
import { claim, receiptOf } from '../adapters/db/claim';
import { DomainError } from '../domain/errors';
import { appendAudit } from './audit';
import { publishAttempt } from './draw-publication';
import {
  receiptKey,
  requireDraw,
  revealedFrom,
  REVEALED,
  STATUS_VERB,
  transitions,
  type StoredDraw,
  type Transition,
  type TransitionSlot,
} from './draw-store';
import { namesOf } from './names';

/**
 * Claims a transition; the winner (or a retry of the same transition by the same actor) completes it:
 * mirrors the status, writes the audit entry under the receipt's key, and republishes the attempt.
 */
export async function transition(
  models: Models,
  draw: StoredDraw,
  slot: TransitionSlot,
  t: Transition,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<void> {
  const key = receiptKey(draw.drawNo, slot);
  let done = t;
  if (!(await claim(models, key, 'draw-transition', now, t))) {
    done = (await receiptOf(models, key))!.result as Transition;
    if (done.to !== t.to || (slot !== 'dispatched' && done.actor !== t.actor)) {
      const who = (await namesOf(models, [done.actor]))(done.actor);
      throw new DomainError(
        'CONFLICT',
        `抽取 ${draw.drawNo} 已由 ${who} ${STATUS_VERB[done.to]}，不能再${STATUS_VERB[t.to]}`,
        {
          status: done.to,
        },
      );
    }
  }
  const state = await transitions(models, draw.drawNo);
  const revealed = REVEALED.includes(done.to)
    ? revealedFrom(await requireDraw(models, draw.drawNo, true), state)
    : null;
  await appendAudit(
    models,
    {
      actor: done.actor,
      action: `draw.${done.to}`,
      subject: draw.drawNo,
      details: {
        ...(done.reason ? { reason: done.reason } : {}),
        ...(revealed?.secret ? { secret: revealed.secret } : {}),
        ...(revealed?.phrase ? { phrase: revealed.phrase } : {}),
        ...(revealed?.seed ? { seed: revealed.seed } : {}),
        ...details,
      },
      key,
    },
    new Date(done.at),
  );
  await publishAttempt(models, draw.drawNo, done.actor, now);
  // Last: a mirrored status says the transition is complete (audited and published), so a repeat of it
  // may be answered from the mirror (`recordedDecision`), while one cut short is completed by its retry.
  await models.Draw.updateOne(
    { _id: draw.drawNo },
    { $set: { status: state.status, updatedBy: done.actor, updatedAt: now } },
  );
}
