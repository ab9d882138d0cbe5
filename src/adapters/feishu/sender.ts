import type * as lark from '@larksuiteoapi/node-sdk';
import type { Metrics, SendKind } from '../metrics';
import { withFreshToken } from './client';

export type Recipient = { chatId: string } | { openId: string };

/** Every message the bot sends goes through here. */
export interface Sender {
  /** Sends a card; `uuid` makes the platform drop a repeat within an hour, so a retry never doubles it. */
  sendCard(to: Recipient, card: unknown, uuid: string): Promise<string>;
  /** Replaces a sent card's content for everyone who sees it (the card needs `update_multi`). */
  updateCard(messageId: string, card: unknown): Promise<void>;
  /** 加急 (in-app buzz) a sent message for these recipients; they must be in its chat. */
  urgentApp(messageId: string, openIds: string[]): Promise<void>;
  /**
   * Uploads a file (≤ 30 MB, not empty) and sends it as a file message. `uuid` makes the platform drop a
   * repeat of the message; a repeated upload only leaves an unused file on the platform.
   */
  sendFile(to: Recipient, file: OutgoingFile, uuid: string): Promise<string>;
  /**
   * Uploads a picture (jpg or png, ≤ 10 MB) for cards to show (`img` elements take its key); only this
   * app's cards can show it.
   */
  uploadImage(data: Buffer): Promise<string>;
}

/** The platform APIs the bot calls, each with rate limits of its own. */
export type SendApi = 'message' | 'patch' | 'urgent' | 'upload';

/**
 * Waits until the platform's rate limits admit one more call of `api` (and one more to `subject`: the
 * receiver, or the message a card update changes); resolves with `sent`, to be called once the call was
 * answered or failed, from when it then counts (the latest moment it can have reached the platform).
 * `redisSendGate` shares the limits across replicas.
 */
export interface SendGate {
  pass(api: SendApi, subject?: string): Promise<() => Promise<void>>;
}

export interface OutgoingFile {
  /** Shown to the reader, with its extension (`2026-10 双随机抽查月度汇总.xlsx`). */
  name: string;
  data: Buffer;
}

/** The upload's `file_type` for a file name: the platform's document kinds, else `stream`. */
function feishuFileType(name: string): 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream' {
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'doc' || ext === 'docx') return 'doc';
  if (ext === 'xls' || ext === 'xlsx') return 'xls';
  if (ext === 'ppt' || ext === 'pptx') return 'ppt';
  return 'stream';
}

export class SendError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** The platform's rate-limit codes (HTTP 429 / 400) — retried after the advertised wait, never treated as final. */
const RATE_LIMITED = new Set([99991400, 230020]);

interface Failure {
  status?: number;
  code?: number;
  msg?: string;
  resetSeconds?: number;
}

function failureOf(err: unknown): Failure {
  const e = err as {
    response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string> };
    code?: string;
  };
  if (!e?.response) return {};
  const reset = Number(e.response.headers?.['x-ogw-ratelimit-reset']);
  return {
    status: e.response.status,
    code: e.response.data?.code,
    msg: e.response.data?.msg,
    resetSeconds: Number.isFinite(reset) ? reset : undefined,
  };
}

/**
 * The official SDK's message API with retries: rate limits wait the advertised time, 5xx and network
 * failures back off; each retry carries the same `uuid`. A refused tenant token is replaced and the call
 * made once more (`withFreshToken`). Anything else (a bad card, a user who left) fails at once with the
 * platform's code.
 */
export function createSender(
  client: lark.Client,
  opts: {
    attempts?: number;
    baseDelayMs?: number;
    sleep?: (ms: number) => Promise<void>;
    /** Counts each call's final result in `ssj_sends_total`. */
    metrics?: Pick<Metrics, 'sends'>;
    /** Passed before every attempt, so calls go at the platform's rate and a retry waits its turn too. */
    gate?: SendGate;
  } = {},
): Sender {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 500;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** Runs a send and counts how it ended. */
  async function counted<T>(kind: SendKind, run: () => Promise<T>): Promise<T> {
    try {
      const out = await run();
      opts.metrics?.sends.inc({ kind, result: 'ok' });
      return out;
    } catch (err) {
      const retryable = err instanceof SendError && err.retryable;
      opts.metrics?.sends.inc({ kind, result: retryable ? 'retryable_error' : 'failed' });
      throw err;
    }
  }

  async function withRetries<T>(
    what: string,
    limit: { api: SendApi; subject?: string },
    call: () => Promise<{ code?: number; msg?: string; data?: T }>,
  ) {
    for (let attempt = 1; ; attempt++) {
      let failure: Failure;
      const sent = await opts.gate?.pass(limit.api, limit.subject);
      try {
        const res = await withFreshToken(client, call);
        if (!res.code) return res.data as T;
        failure = { status: 200, code: res.code, msg: res.msg };
      } catch (err) {
        failure = failureOf(err);
        if (failure.status === undefined) failure = { msg: (err as Error).message };
      } finally {
        await sent?.();
      }
      const limited = failure.code !== undefined && RATE_LIMITED.has(failure.code);
      const transient = limited || failure.status === undefined || failure.status >= 500;
      if (!transient || attempt >= attempts)
        throw new SendError(
          `${what}: ${failure.code ?? failure.status ?? ''} ${failure.msg ?? ''}`.trim(),
          failure.code ?? null,
          transient,
        );
      await sleep(limited && failure.resetSeconds ? failure.resetSeconds * 1000 : base * 2 ** (attempt - 1));
    }
  }

  async function send(
    what: string,
    to: Recipient,
    msgType: 'interactive' | 'file',
    content: unknown,
    uuid: string,
  ) {
    const subject = 'chatId' in to ? to.chatId : to.openId;
    const data = await withRetries<{ message_id?: string }>(what, { api: 'message', subject }, () =>
      client.im.message.create({
        params: { receive_id_type: 'chatId' in to ? 'chat_id' : 'open_id' },
        data: {
          receive_id: 'chatId' in to ? to.chatId : to.openId,
          msg_type: msgType,
          content: JSON.stringify(content),
          uuid,
        },
      }),
    );
    if (!data?.message_id) throw new SendError(`${what}: no message id in the answer`, null, false);
    return data.message_id;
  }

  return {
    sendCard: (to, card, uuid) => counted('card', () => send('send card', to, 'interactive', card, uuid)),
    sendFile: (to, file, uuid) => counted('file', () => sendFile(to, file, uuid)),
    updateCard: (messageId, card) => counted('update', () => updateCard(messageId, card)),
    urgentApp: (messageId, openIds) => counted('urgent', () => urgentApp(messageId, openIds)),
    uploadImage: (data) => counted('file', () => uploadImage(data)),
  };

  async function uploadImage(data: Buffer) {
    // As with files, the SDK answers with the body's `data` alone ({image_key}).
    const uploaded = await withRetries<{ image_key?: string } | null>(
      'upload image',
      { api: 'upload' },
      async () => ({ data: await client.im.image.create({ data: { image_type: 'message', image: data } }) }),
    );
    if (!uploaded?.image_key) throw new SendError('upload image: no image key in the answer', null, false);
    return uploaded.image_key;
  }

  async function sendFile(to: Recipient, file: OutgoingFile, uuid: string) {
    // The SDK answers an upload with the body's `data` alone ({file_key}), not {code, msg, data}.
    const uploaded = await withRetries<{ file_key?: string } | null>(
      'upload file',
      { api: 'upload' },
      async () => ({
        data: await client.im.file.create({
          data: { file_type: feishuFileType(file.name), file_name: file.name, file: file.data },
        }),
      }),
    );
    if (!uploaded?.file_key) throw new SendError('upload file: no file key in the answer', null, false);
    return send('send file', to, 'file', { file_key: uploaded.file_key }, uuid);
  }

  async function updateCard(messageId: string, card: unknown) {
    await withRetries('update card', { api: 'patch', subject: messageId }, () =>
      client.im.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }),
    );
  }

  async function urgentApp(messageId: string, openIds: string[]) {
    await withRetries('urgent', { api: 'urgent' }, () =>
      client.im.message.urgentApp({
        path: { message_id: messageId },
        params: { user_id_type: 'open_id' },
        data: { user_id_list: openIds },
      }),
    );
  }
}
