import { randomBytes } from 'node:crypto';
import { encryptEvent, signBody } from './crypto';
import type { AppSeed, EmulatorState } from './state';

export interface DeliveryAttempt {
  at: number;
  /** HTTP status, or the failure (timeout, connection refused). */
  outcome: number | string;
}

export interface Delivery {
  eventId: string;
  eventType: string;
  appId: string;
  attempts: DeliveryAttempt[];
  acknowledged: boolean;
}

/** A card callback's outcome as the user's client shows it. */
export type CallbackOutcome =
  | { ok: true; toast?: { type: string; content: string }; card?: unknown; raw: unknown }
  | { ok: false; errorCode: number; reason: string };

/**
 * Something that can carry events to the bot other than a webhook (the long connection); it answers
 * with the handler's result, or throws when the bot did not acknowledge.
 */
export interface EventSink {
  send(envelope: Record<string, unknown>, timeoutMs: number): Promise<unknown>;
}

export interface EventOptions {
  /** After a failed delivery: 15 s, 5 min, 1 h, 6 h on the platform. */
  retryDelaysMs: number[];
  /** The bot must answer within 3 s. */
  ackTimeoutMs: number;
}

export const PLATFORM_EVENT_OPTIONS: EventOptions = {
  retryDelaysMs: [15_000, 300_000, 3_600_000, 21_600_000],
  ackTimeoutMs: 3000,
};

/** Delivers events and card callbacks to bots, by webhook or by a registered long-connection sink. */
export class EventBus {
  readonly deliveries: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Long-connection sinks per app id (several replicas: one is picked at random per event). */
  readonly sinks = new Map<string, EventSink[]>();
  /** Extra copies of every event, to test the bot's de-duplication. */
  duplicates = 0;

  constructor(
    private readonly state: EmulatorState,
    private readonly now: () => number,
    private readonly options: EventOptions,
  ) {}

  envelope(app: AppSeed, eventType: string, event: unknown, eventId = this.state.ids.eventId()) {
    return {
      schema: '2.0',
      header: {
        event_id: eventId,
        token: app.verificationToken,
        create_time: eventType === 'card.action.trigger' ? String(this.now() * 1000) : String(this.now()),
        event_type: eventType,
        tenant_key: this.state.tenantKey,
        app_id: app.appId,
      },
      event,
    };
  }

  /** Delivers an event; retried on the platform's schedule until acknowledged (HTTP 200 within 3 s). */
  async deliverEvent(app: AppSeed, eventType: string, event: unknown): Promise<Delivery> {
    const envelope = this.envelope(app, eventType, event);
    const delivery: Delivery = {
      eventId: envelope.header.event_id,
      eventType,
      appId: app.appId,
      attempts: [],
      acknowledged: false,
    };
    this.deliveries.push(delivery);
    const attempt = async (n: number): Promise<void> => {
      const outcome = await this.push(app, envelope).then(
        () => 200,
        (err: Error) => err.message,
      );
      delivery.attempts.push({ at: this.now(), outcome });
      if (outcome === 200) delivery.acknowledged = true;
      else if (n < this.options.retryDelaysMs.length)
        this.later(this.options.retryDelaysMs[n]!, () => attempt(n + 1));
    };
    await attempt(0);
    for (let i = 0; i < this.duplicates; i++) await this.push(app, envelope).catch(() => undefined);
    return delivery;
  }

  /** Delivers a card callback and reads the answer; no retries: the user sees an error instead. */
  async deliverCallback(app: AppSeed, event: unknown): Promise<CallbackOutcome> {
    const envelope = this.envelope(app, 'card.action.trigger', event);
    let answer: unknown;
    try {
      answer = await this.push(app, envelope);
      for (let i = 0; i < this.duplicates; i++) await this.push(app, envelope).catch(() => undefined);
    } catch (err) {
      const message = (err as Error).message;
      if (message === 'timeout') return { ok: false, errorCode: 200341, reason: '卡片回调超时（超过 3 秒）' };
      if (message.startsWith('HTTP '))
        return { ok: false, errorCode: 200671, reason: `卡片回调返回了 ${message}` };
      return { ok: false, errorCode: 200342, reason: `无法连接卡片回调地址：${message}` };
    }
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      return { ok: false, errorCode: 200672, reason: '卡片回调的返回内容不是 JSON 对象' };
    }
    const a = answer as {
      toast?: { type: string; content: string };
      card?: { type?: string; data?: unknown };
    };
    if (a.card !== undefined && (a.card.type !== 'raw' || typeof a.card.data !== 'object')) {
      return {
        ok: false,
        errorCode: 200673,
        reason: '卡片回调返回的卡片格式不对（应为 {type:"raw", data:{…}}）',
      };
    }
    return { ok: true, toast: a.toast, card: a.card?.data, raw: answer };
  }

  /** The url_verification challenge the platform sends when a URL is saved; it must come back within 1 s. */
  async verifyUrl(app: AppSeed, url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const challenge = this.state.ids.eventId();
    const plain = JSON.stringify({ challenge, token: app.verificationToken, type: 'url_verification' });
    const body = app.encryptKey ? JSON.stringify({ encrypt: encryptEvent(app.encryptKey, plain) }) : plain;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(1000),
      });
      const answer = (await res.json().catch(() => null)) as { challenge?: string } | null;
      if (res.status !== 200 || answer?.challenge !== challenge)
        return { ok: false, reason: `返回 HTTP ${res.status}，challenge 不一致` };
      return { ok: true };
    } catch (err) {
      return {
        ok: false,
        reason: (err as Error).name === 'TimeoutError' ? '1 秒内没有响应' : (err as Error).message,
      };
    }
  }

  /** One push over the app's transport; resolves with the bot's answer body. */
  private async push(app: AppSeed, envelope: { header: { event_id: string } }): Promise<unknown> {
    const sinks = this.sinks.get(app.appId) ?? [];
    if (sinks.length > 0) {
      const sink = sinks[Math.floor(Math.random() * sinks.length)]!;
      return sink.send(envelope, this.options.ackTimeoutMs);
    }
    if (!app.eventUrl) throw new Error('no webhook URL and no long connection');
    const plain = JSON.stringify(envelope);
    const body = app.encryptKey ? JSON.stringify({ encrypt: encryptEvent(app.encryptKey, plain) }) : plain;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (app.encryptKey) {
      const timestamp = String(Math.floor(this.now() / 1000));
      const nonce = randomBytes(8).toString('hex');
      headers['x-lark-request-timestamp'] = timestamp;
      headers['x-lark-request-nonce'] = nonce;
      headers['x-lark-signature'] = signBody(timestamp, nonce, app.encryptKey, body);
    }
    let res: Response;
    try {
      res = await fetch(app.eventUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.ackTimeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      throw new Error(
        e.name === 'TimeoutError' ? 'timeout' : ((e.cause as Error | undefined)?.message ?? e.message),
        { cause: err },
      );
    }
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      return text;
    }
  }

  private later(ms: number, fn: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void fn();
    }, ms);
    this.timers.add(timer);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
