import type { Models } from '../adapters/db/models';
import type { Sender } from '../adapters/feishu/sender';
import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../domain/errors';
import { rememberCard } from './card-messages';
import { drawCard } from './draw-cards';
import { proposeDraw, releaseAttempt, submitDraw } from './draws';

/** A proposal asked for in chat (`/抽查`, 发起抽取, 取消并重新发起), made in the background. */
export interface ProposeRequest {
  year: number;
  itemCode: string;
  round: number;
  /** The attempt number reserved for this request (`reserveAttempt`); none when the proposal claims its own. */
  attempt?: number;
  actor: string;
  /** The request's idempotency key (`msg:<message>` or `card:<token>`): a retried job proposes once. */
  key: string;
  /** The card that shows the outcome (the placeholder reply, or the card clicked). */
  messageId: string;
  /** A line heading the preview (what an approximate item name was taken for). */
  notice?: string;
}

/** The card a `/抽查` reply shows until the proposal's job replaces it. */
export const proposingCard = (itemName: string) =>
  noticeCard({
    title: `正在发起抽取：${itemName}`,
    text: `正在读取名录库并生成抽取预览，完成后本卡片会自动更新。如长时间没有变化，请重新发送 /抽查 ${itemName}。`,
    tone: 'info',
  });

/**
 * Proposes (reading the pool snapshot: seconds for a large pool, so never inside a card callback) and
 * turns the request's card into the attempt's preview; a proposal the rules refuse becomes a notice on
 * that card instead, so the user always learns the outcome where they asked. The one path of manual
 * and automatic draws: `submitAs` (the schedule, drawMode auto) also sends the new attempt for approval.
 */
export async function proposeOnCard(
  deps: { models: Models; sender: Sender; now(): Date; randomBytes?(size: number): Buffer },
  r: ProposeRequest,
  opts: { submitAs?: string } = {},
): Promise<{ drawNo: string | null; submitted: boolean }> {
  const { models } = deps;
  let card: unknown;
  let drawNo: string | null = null;
  let submitted = false;
  try {
    const out = await proposeDraw(models, {
      year: r.year,
      itemCode: r.itemCode,
      round: r.round,
      actor: r.actor,
      now: deps.now(),
      idempotencyKey: r.key,
      ...(deps.randomBytes ? { randomBytes: deps.randomBytes } : {}),
    });
    // A failed attempt is shown (and published) like any other; an open one of the round is shown again.
    const notice = [r.notice, out.ok ? undefined : out.live ? out.reason : undefined]
      .filter(Boolean)
      .join('\n');
    drawNo = out.draw.drawNo;
    if (opts.submitAs && out.ok && ['proposed', 'submitted'].includes(out.draw.status)) {
      await submitDraw(models, drawNo, opts.submitAs, deps.now());
      submitted = true;
    }
    await rememberCard(models, r.messageId, drawNo, 'preview', deps.now());
    card = await drawCard(models, drawNo, 'preview', notice || undefined);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    // Refused (the plan or the data changed since the click): no attempt, so the number is free again.
    if (r.attempt) await releaseAttempt(models, { ...r, attempt: r.attempt }, r.key);
    card = noticeCard({ title: '无法发起抽取', text: err.message, tone: 'warning' });
  }
  await deps.sender.updateCard(r.messageId, card);
  return { drawNo, submitted };
}
