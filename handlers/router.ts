import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { noticeCard } from '../cards/notice-card';
import { DomainError } from '../src/domain/errors';
import { stripControls } from '../src/domain/text';
import { messageUuid } from '../src/services/card-messages';
import { appendAudit } from '../src/services/audit';
import { unexposedMetrics, type EventOutcome, type EventType } from '../src/adapters/metrics';
import { silentLogger } from '../src/adapters/log';
import type { ActionAnswer, CommandContext, HandlerDeps } from './context';
import { help } from './commands/help';
import { attachmentMessage } from './evidence';
import {
  Dispatched,
  Envelope,
  MessageEvent,
  PlatformAnswer,
  UNREADABLE,
  cardActionEvent,
  attachmentOf,
  messageEvent,
  textOf,
  toPlatform,
  unsupportedMessage,
} from './events';
import { Registry, checkRegistry, defaultRegistry } from './registry';

const FAILED = '系统出错，没有完成这次操作。请稍后再试；如果一直这样，请联系领导小组办公室。';

/**
 * A person clicking a repeat-safe button (`Registry.repeatSafe`) of the same card again, with the same
 * value and form, within this many seconds is answered from the first click with no database read: a
 * double click, or a storm of clicks while a draw of a large pool is being made, costs nothing where the
 * first answer is known in this process, else one Redis call.
 */
export const REPEAT_CLICK_SECONDS = 3;

/** The one key of "this person, this card, this button, these form values". */
const repeatKey = (messageId: string, openId: string, value: unknown, form: unknown) =>
  `repeat:${messageId}:${openId}:${createHash('sha256')
    .update(JSON.stringify([value, form ?? null]))
    .digest('hex')
    .slice(0, 32)}`;

/**
 * What a repeated click is answered: the first click's toast. Never its card: the card clicked may have
 * been updated since (by a job), and an old card in this answer would put the old state back.
 */
const repeatAnswer = (first: ActionAnswer | undefined): ActionAnswer =>
  first?.toast
    ? { toast: first.toast }
    : { toast: { type: 'info', content: first ? '已处理，请勿重复点击' : '正在处理，请稍候' } };

/**
 * One router and its one entry, `dispatch`, for both transports and the tests: events routed by type
 * here, chat commands by their word, card actions by the action id in the card's value. Each event and
 * each click is claimed once (redeliveries act once and get the same answer); the one error boundary
 * turns a refusal into a Chinese message and anything unexpected into a short apology.
 */
export function createRouter(
  deps: HandlerDeps,
  opts: {
    registry?: Registry;
    /**
     * Where a message's handling runs: the platform wants its acknowledgement within 3 s, so `dispatch`
     * answers at once and the work goes on here (the bot tracks it for a graceful shutdown; tests await it).
     */
    inBackground?(work: Promise<void>): void;
  } = {},
) {
  const registry = opts.registry ?? defaultRegistry();
  const inBackground = opts.inBackground ?? ((work) => void work.catch((e: unknown) => deps.onError(e)));
  checkRegistry(registry);
  const commands = new Map(Object.entries(registry.commands));
  const actions = new Map(Object.entries(registry.actions));
  const repeatSafe = new Set(registry.repeatSafe ?? []);
  /** First answers of repeat-safe clicks, for their repeat window: a storm of repeats never leaves memory. */
  const answered = new LRUCache<string, ActionAnswer>({ max: 10_000 });
  const itemNames = async () => (await deps.lookups.items()).filter((i) => i.active).map((i) => i.name);
  const metrics = deps.metrics ?? unexposedMetrics();
  const log = deps.log ?? silentLogger();
  /** Counts and logs one event; a handler that throws counts as failed and the error goes on. */
  async function observed<T>(
    type: EventType,
    eventId: string | undefined,
    handle: () => Promise<{ outcome: EventOutcome; result: T }>,
  ): Promise<T> {
    const started = performance.now();
    let outcome: EventOutcome = 'failed';
    try {
      const done = await handle();
      outcome = done.outcome;
      return done.result;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.events.inc({ type, outcome });
      if (type === 'card_action') metrics.callbackSeconds.observe(seconds);
      log.info({ eventId, type, outcome, ms: Math.round(seconds * 1000) }, 'event');
    }
  }

  async function onMessage(raw: unknown): Promise<void> {
    const r = raw as { event_id?: unknown; message?: { message_id?: unknown } } | null;
    const eventId = String(r?.event_id ?? r?.message?.message_id ?? '') || undefined;
    return observed('message', eventId, async () => ({
      outcome: await handleMessage(raw, eventId),
      result: undefined,
    }));
  }

  /**
   * Answers within the platform's 3 s: the toast and card the clicking user sees, in the callback's
   * wire form (`card: {type: 'raw', data}`).
   */
  async function onCardAction(raw: unknown): Promise<PlatformAnswer> {
    const token = (raw as { token?: unknown } | null)?.token;
    return observed('card_action', typeof token === 'string' ? token : undefined, async () => {
      const { outcome, answer } = await handleCardAction(raw);
      return { outcome, result: toPlatform(answer) };
    });
  }

  return {
    async dispatch(envelope: Envelope): Promise<Dispatched> {
      switch (envelope.type) {
        case 'im.message.receive_v1':
          inBackground(onMessage(envelope.event));
          return {};
        case 'card.action.trigger':
          return { answer: await onCardAction(envelope.event) };
        default:
          log.warn({ type: envelope.type }, 'event of a type the bot does not take');
          return {};
      }
    },
  };

  /**
   * A refusal of someone the bureau does not know is audited (全程留痕) — once per person per day, so a
   * flood of messages cannot fill the log.
   */
  async function auditUnknown(err: DomainError, openId: string, subject: string): Promise<void> {
    if (err.code !== 'UNKNOWN_USER' || !openId) return;
    const once = `refusal:unknown:${openId}`;
    if (!(await deps.deliveries.claim(once))) return;
    await deps.deliveries.settle(once, null);
    await appendAudit(
      deps.models,
      {
        actor: `open_id:${openId}`,
        action: 'permission.unknown-user',
        subject,
        details: { reason: err.message },
      },
      deps.now(),
    ).catch((e: unknown) => deps.onError(e));
  }

  async function handleMessage(raw: unknown, eventId: string | undefined): Promise<EventOutcome> {
    const parsed = messageEvent.safeParse(raw);
    if (!parsed.success) {
      deps.onError(new Error(`malformed message event: ${parsed.error.message}`), { eventId });
      return 'failed';
    }
    const { message, sender } = parsed.data;
    const key = `message:${message.message_id}`;
    if (!(await deps.deliveries.claim(key))) return 'duplicate';
    const outcome = await handleClaimedMessage(message, sender, eventId);
    // Answered: settled for the whole redelivery window (the platform redelivers for about 7 h). A claim
    // whose handling died before this (a crash, the database gone) lapses instead, and a redelivery acts.
    await deps.deliveries.settle(key, null);
    return outcome;
  }

  async function handleClaimedMessage(
    message: MessageEvent['message'],
    sender: MessageEvent['sender'],
    eventId: string | undefined,
  ): Promise<EventOutcome> {
    const text = message.message_type === 'text' ? textOf(message.content) : '';
    if (text === null)
      log.warn(
        { eventId, messageId: message.message_id, bytes: message.content.length },
        'unreadable message content',
      );
    // Mentions arrive as @_user_N placeholders; the bot only sees group messages that mention it.
    const clean = (text ?? '').replace(/@_user_\d+/g, '').trim();
    const [command = '', ...rest] = clean.split(/\s+/);
    const operatorOpenId = sender.sender_id?.open_id ?? '';
    const replyTo =
      message.chat_type === 'p2p' && operatorOpenId
        ? { openId: operatorOpenId }
        : { chatId: message.chat_id };
    const ctx: CommandContext = {
      deps,
      command,
      args: rest.join(' '),
      operatorOpenId,
      actor: operatorOpenId ? await deps.lookups.actor(operatorOpenId) : null,
      chatId: message.chat_id,
      isGroup: message.chat_type !== 'p2p',
      messageId: message.message_id,
      itemNames: await itemNames(),
      replyTo,
      reply: (card, tag = 'reply') =>
        deps.sender.sendCard(replyTo, card, messageUuid(tag, message.message_id)),
    };
    try {
      if (text === null) throw new DomainError('UNREADABLE', UNREADABLE);
      if (!['text', 'file', 'image'].includes(message.message_type))
        throw new DomainError('UNSUPPORTED_MESSAGE', unsupportedMessage(message.message_type));
      const attachment = attachmentOf(message.message_type, message.content);
      if (message.message_type !== 'text' && !attachment) throw new DomainError('UNREADABLE', UNREADABLE);
      const handler = commands.get(command);
      if (attachment) await attachmentMessage(ctx, attachment);
      else if (handler) await handler(ctx);
      else await help(ctx, clean || '（空消息）');
      return 'ok';
    } catch (err) {
      if (!(err instanceof DomainError)) deps.onError(err, { eventId });
      else await auditUnknown(err, operatorOpenId, message.message_id);
      const text = err instanceof DomainError ? err.message : FAILED;
      await ctx
        .reply(noticeCard({ title: '无法完成', text, tone: 'warning' }), 'refusal')
        .catch((e: unknown) => deps.onError(e, { eventId }));
      return err instanceof DomainError ? 'refused' : 'failed';
    }
  }

  async function handleCardAction(raw: unknown): Promise<{ outcome: EventOutcome; answer: ActionAnswer }> {
    const parsed = cardActionEvent.safeParse(raw);
    if (!parsed.success) {
      deps.onError(new Error(`malformed card action: ${parsed.error.message}`));
      return {
        outcome: 'failed',
        answer: { toast: { type: 'error', content: '无法识别这次操作，请刷新卡片后重试' } },
      };
    }
    const { operator, token, action, context } = parsed.data;
    const key = `card:${token}`;
    const repeat = repeatSafe.has(action.value.action)
      ? repeatKey(context.open_message_id, operator.open_id, action.value, action.form_value)
      : null;
    // A repeat of an answered click: answered from memory, nothing claimed. A redelivery of this token
    // elsewhere finds the same answer in Redis; once that has lapsed, the handler is idempotent anyway.
    const known = repeat ? answered.get(repeat) : undefined;
    if (known) return { outcome: 'duplicate', answer: repeatAnswer(known) };
    const delivered = await deps.deliveries.take(key);
    if (!delivered.first)
      return {
        outcome: 'duplicate',
        answer: (delivered.answer as ActionAnswer | undefined) ?? {
          toast: { type: 'info', content: '正在处理，请稍候' },
        },
      };
    const earlier = repeat ? await deps.deliveries.take(repeat, REPEAT_CLICK_SECONDS) : null;
    if (earlier && !earlier.first) {
      const first = earlier.answer as ActionAnswer | undefined;
      if (first && earlier.keptMs > 0) answered.set(repeat!, first, { ttl: earlier.keptMs });
      const answer = repeatAnswer(first);
      await deps.deliveries.settle(key, answer);
      return { outcome: 'duplicate', answer };
    }
    let answer: ActionAnswer;
    let outcome: EventOutcome = 'ok';
    try {
      const handler = actions.get(action.value.action);
      if (!handler) throw new DomainError('UNKNOWN_ACTION', '这张卡片的按钮已失效，请重新发送指令');
      answer = await handler({
        deps,
        action: action.value.action,
        // Controls stripped here, once, for every handler (and the store: PostgreSQL refuses NUL).
        value: stripControls(action.value),
        form: stripControls(action.form_value ?? {}),
        operatorOpenId: operator.open_id,
        actor: await deps.lookups.actor(operator.open_id),
        messageId: context.open_message_id,
        chatId: context.open_chat_id,
        token,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) deps.onError(err, { eventId: token });
      else await auditUnknown(err, operator.open_id, context.open_message_id);
      outcome = err instanceof DomainError ? 'refused' : 'failed';
      answer = { toast: { type: 'error', content: err instanceof DomainError ? err.message : FAILED } };
    }
    await Promise.all([
      deps.deliveries.settle(key, answer),
      repeat && deps.deliveries.settle(repeat, answer, REPEAT_CLICK_SECONDS),
    ]);
    if (repeat) answered.set(repeat, answer, { ttl: REPEAT_CLICK_SECONDS * 1000 });
    return { outcome, answer };
  }
}

export {
  type MessageEvent,
  type CardActionEvent,
  EVENT_TYPES,
  type Envelope,
  type Dispatched,
} from './events';
export { type Registry, defaultRegistry, checkRegistry } from './registry';
