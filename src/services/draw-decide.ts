import type { Models } from '../adapters/db/models';
import type { DrawStatus } from '../adapters/db/models/draw';
import { claim, receiptOf } from '../adapters/db/claim';
import { sha256Hex } from '../domain/draw/canonical';
import { DomainError } from '../domain/errors';
import { takeRound } from './draw-rounds';
import {
  receiptKey,
  requireDraw,
  STATUS_VERB,
  summarise,
  expectStatus,
  type DrawSummary,
  type Transition,
} from './draw-store';
import { transition } from './draw-transition';

/** The proposer sends the draw for approval. */
export async function submitDraw(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
): Promise<DrawSummary> {
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, drawNo, ['proposed', 'submitted'], '提交审批');
  await transition(models, draw, 'submit', { to: 'submitted', actor, at: now.toISOString() }, now);
  return summarise(models, draw);
}

/** An approver's (or a unit head's, for 改派) phrase as stored and hashed: trimmed, NFC, 4–40 characters. */
export function cleanPhrase(text: string, label = '审批随机码', decides = '抽取结果'): string {
  const phrase = text.normalize('NFC').trim();
  const length = [...phrase].length;
  if (length === 0)
    throw new DomainError(
      'PHRASE_REQUIRED',
      `请填写${label}：随手输入几个字或数字（4 到 40 个字），它将与系统密钥一起决定${decides}`,
    );
  if (length < 4) throw new DomainError('PHRASE_SHORT', `${label}至少 4 个字，当前 ${length} 个字`);
  if (length > 40) throw new DomainError('PHRASE_LONG', `${label}最多 40 个字，当前 ${length} 个字`);
  return phrase;
}

/**
 * The approval itself, made irrevocable and public (the decision with its phrase, the round taken) —
 * a few small writes, so the 批准 click does this and leaves the selection to `dispatchDraw` in the
 * background. A phrase used for an earlier approval is refused: a predictable phrase would let whoever
 * chose the secret aim.
 */
export async function decideApproval(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
  phraseText: string,
): Promise<DrawSummary> {
  const draw = await requireDraw(models, drawNo);
  const status = await expectStatus(models, drawNo, ['submitted', 'approved'], '批准');
  if (draw.algorithmVersion === 'DRAW-1' && status === 'submitted')
    throw new DomainError(
      'OLD_ALGORITHM',
      `抽取 ${drawNo} 是按旧算法（DRAW-1）在发起时就产生了结果的，不能再批准；请撤回并取消，重新发起抽取`,
    );
  let phrase = '';
  if (status === 'submitted') {
    phrase = cleanPhrase(phraseText);
    const phraseKey = `phrase:${sha256Hex(phrase)}`;
    if (!(await claim(models, phraseKey, 'approval-phrase', now, { drawNo }))) {
      const held = (await receiptOf(models, phraseKey))?.result as { drawNo?: string } | null;
      if (held?.drawNo !== drawNo)
        throw new DomainError(
          'PHRASE_USED',
          '这个审批随机码以前用过，请换一个（随手输入几个字即可，每次不同）',
        );
    }
  }
  await takeRound(models, draw, now);
  await transition(models, draw, 'decide', { to: 'approved', actor, at: now.toISOString(), phrase }, now);
  return summarise(models, draw);
}

/** The leader rejects, with a reason the proposer will read (published with the attempt). */
export const rejectDraw = (models: Models, drawNo: string, actor: string, reason: string, now: Date) =>
  endUndecided(models, drawNo, actor, now, reason, 'rejected', ['submitted', 'rejected']);

/**
 * The proposer withdraws an attempt not yet approved, saying why (published with the attempt: a new
 * attempt of the round needs the open one ended, and anyone can see how often and why).
 */
export const cancelDraw = (models: Models, drawNo: string, actor: string, now: Date, reason: string) =>
  endUndecided(models, drawNo, actor, now, reason, 'cancelled', ['proposed', 'submitted', 'cancelled']);

/** Ends an attempt without a selection — rejected or cancelled — with the reason that is published. */
async function endUndecided(
  models: Models,
  drawNo: string,
  actor: string,
  now: Date,
  reason: string,
  to: 'rejected' | 'cancelled',
  allowed: DrawStatus[],
): Promise<DrawSummary> {
  const verb = STATUS_VERB[to];
  const why = requiredReason(reason, verb);
  const draw = await requireDraw(models, drawNo);
  await expectStatus(models, drawNo, allowed, verb);
  await transition(models, draw, 'decide', { to, actor, at: now.toISOString(), reason: why }, now);
  return summarise(models, draw);
}

function requiredReason(reason: string, what: string): string {
  const why = reason.trim();
  if (!why) throw new DomainError('REASON_REQUIRED', `请填写${what}理由（将与本次抽取一并公示）`);
  if (why.length > 500)
    throw new DomainError('REASON_TOO_LONG', `${what}理由最多 500 字，当前 ${why.length} 字`);
  return why;
}

/**
 * A draw's decision once it is completely recorded (claimed, audited, published, mirrored), read with
 * two small reads: a repeated click is answered from it without writing anything. Null while
 * undecided or cut short by a crash (then the click's full path completes it).
 */
export async function recordedDecision(
  models: Models,
  drawNo: string,
): Promise<(Transition & { status: DrawStatus; count: number }) | null> {
  const [mirror, decide] = await Promise.all([
    models.Draw.findOne({ _id: drawNo }, { status: 1, count: 1 }).lean(),
    receiptOf(models, receiptKey(drawNo, 'decide')),
  ]);
  if (!mirror || !decide || !['approved', 'dispatched', 'rejected', 'cancelled'].includes(mirror.status))
    return null;
  return { ...(decide.result as Transition), status: mirror.status, count: mirror.count };
}
