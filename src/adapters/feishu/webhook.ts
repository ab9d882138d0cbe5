import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import type { Metrics, WebhookRejectReason } from '../metrics';

/**
 * The webhook transport, written here rather than taken from the SDK, whose webhook path accepts
 * anything when no encrypt key is set, never compares the verification token, has no replay window and
 * answers card errors with nothing (shared/feishu-platform-notes.md §4.5, traps 2–4). Ours refuses to
 * start without both secrets. A signed request has its signature (over the raw bytes, constant time) and
 * timestamp window checked before anything is decrypted or parsed, then its token. An unsigned request can
 * only be the platform's URL challenge (§4.3): while `answerChallenges` is on it is decrypted and answered
 * if it carries the right token, and an address that sends more than `unsignedPerMinute` refused ones in a
 * minute has the rest refused unread. Every unauthenticated refusal is the same
 * 401 `{"error":"unauthorized"}` after the same minimum time (docs/security.md: the padding oracle), and
 * every refusal is one warning in the log and one count in `ssj_webhook_rejected_total`.
 */
export interface WebhookOptions {
  encryptKey: string;
  verificationToken: string;
  /** The router's one entry: every signed event goes there with its type; a card click's answer comes back. */
  dispatch(envelope: { type: string; event: unknown }): Promise<{ answer?: unknown }>;
  onError(err: unknown): void;
  now(): Date;
  /** Each refusal: one warning `{reason, remote, bytes}` (and `eventId` when a signed body names one). */
  log: Logger;
  /** Each refusal counted in `webhookRejected` by reason. */
  metrics: Metrics;
  /** How far a request's timestamp may be from now (default 5 minutes): older ones are replays. */
  windowSeconds?: number;
  maxBodyBytes?: number;
  /** Decrypt and answer unsigned URL challenges (default true); off, no unsigned body is ever decrypted. */
  answerChallenges?: boolean;
  /** Unsigned requests refused per remote address and minute (default 10); past that, refused unread. */
  unsignedPerMinute?: number;
  /** A refusal is answered no sooner than this after the body arrived (default 25 ms), hiding which check failed. */
  minRefusalMs?: number;
}

/** A refused request: the reason is logged and counted; the answer depends only on the status. */
export class WebhookRejection extends Error {
  constructor(
    readonly status: 400 | 401 | 405 | 413,
    readonly reason: WebhookRejectReason,
    readonly eventId?: string,
  ) {
    super(reason);
  }
}

/** What a refusal answers: one body per status, never anything from the request. */
const ANSWERS: Record<WebhookRejection['status'], string> = {
  400: '{"error":"bad request"}',
  401: '{"error":"unauthorized"}',
  405: '{"error":"method not allowed"}',
  413: '{"error":"too large"}',
};

const unauthorized = (reason: WebhookRejectReason) => new WebhookRejection(401, reason);

/** AES-256-CBC with key SHA-256(encryptKey), the IV first (platform notes §4.4); throws if it cannot. */
export function decryptEvent(encryptKey: string, encrypted: string): string {
  const raw = Buffer.from(encrypted, 'base64');
  if (raw.length < 32 || raw.length % 16 !== 0) throw new Error('bad ciphertext');
  const key = createHash('sha256').update(encryptKey).digest();
  const decipher = createDecipheriv('aes-256-cbc', key, raw.subarray(0, 16));
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{"encrypt": …}` decrypted and parsed; `undefined` whatever went wrong, so every failure looks alike. */
function openBody(encryptKey: string, raw: Buffer): unknown {
  try {
    const outer = JSON.parse(raw.toString('utf8')) as unknown;
    if (!isObject(outer) || typeof outer.encrypt !== 'string') return undefined;
    return JSON.parse(decryptEvent(encryptKey, outer.encrypt)) as unknown;
  } catch {
    return undefined;
  }
}

/** One request as the handler sees it: headers, the raw body and the peer's address. */
export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | string;
  remote: string;
}

/**
 * Checks requests and says what to answer (throws `WebhookRejection`); pure except for the handlers it
 * calls and its count of unsigned requests per address.
 */
export function webhookHandler(opts: WebhookOptions): (req: WebhookRequest) => Promise<unknown> {
  const unsigned = perMinute(opts.unsignedPerMinute ?? 10, () => opts.now().getTime());

  /** The URL challenge, the one unsigned request there is; everything else is the same refusal. */
  const unsignedChallenge = (raw: Buffer, remote: string) => {
    if (opts.answerChallenges === false) throw unauthorized('unsigned');
    if (!unsigned.take(remote)) throw unauthorized('unsigned_limited');
    const plain = openBody(opts.encryptKey, raw);
    if (
      !isObject(plain) ||
      plain.type !== 'url_verification' ||
      typeof plain.challenge !== 'string' ||
      typeof plain.token !== 'string'
    )
      throw unauthorized('unsigned');
    if (!sameText(plain.token, opts.verificationToken)) throw unauthorized('bad_token');
    unsigned.refund(remote); // the budget is for failures: the platform may verify as often as it likes
    return { challenge: plain.challenge };
  };

  return async ({ headers, body, remote }) => {
    const raw = typeof body === 'string' ? Buffer.from(body) : body;
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const timestamp = header('x-lark-request-timestamp');
    const nonce = header('x-lark-request-nonce');
    const signature = header('x-lark-signature');
    if (!timestamp || !nonce || !signature) return unsignedChallenge(raw, remote);

    // 1. Who sent it, and when: nothing of the body is read before these two checks.
    const expected = createHash('sha256')
      .update(timestamp + nonce + opts.encryptKey)
      .update(raw)
      .digest('hex');
    if (!sameText(signature, expected)) throw unauthorized('bad_signature');
    const age = Math.abs(opts.now().getTime() / 1000 - Number(timestamp));
    if (!Number.isFinite(age) || age > (opts.windowSeconds ?? 300)) throw unauthorized('stale');

    // 2. Signed with our key: a body we cannot read is a malformed request, not a forgery.
    const plain = openBody(opts.encryptKey, raw);
    if (!isObject(plain)) throw new WebhookRejection(400, 'malformed');
    if (plain.type === 'url_verification') {
      if (typeof plain.challenge !== 'string') throw new WebhookRejection(400, 'malformed');
      if (typeof plain.token !== 'string' || !sameText(plain.token, opts.verificationToken))
        throw unauthorized('bad_token');
      return { challenge: plain.challenge };
    }
    const env = plain as { header?: unknown; event?: unknown };
    const head = isObject(env.header) ? env.header : {};
    const eventId = typeof head.event_id === 'string' ? head.event_id : undefined;
    if (!isObject(env.event)) throw new WebhookRejection(400, 'malformed', eventId);

    // 3. The token inside, then the router.
    if (typeof head.token !== 'string' || !sameText(head.token, opts.verificationToken))
      throw unauthorized('bad_token');
    const event = { ...env.event, event_id: eventId };
    const type = typeof head.event_type === 'string' ? head.event_type : '';
    // The router acknowledges a message at once (the platform's 3 s) and answers a card click.
    return (await opts.dispatch({ type, event })).answer ?? {};
  };
}

/** At most `limit` takes per key in each minute (fixed windows); the map forgets past windows. */
function perMinute(limit: number, now: () => number) {
  const seen = new Map<string, { window: number; count: number }>();
  const current = (key: string) => {
    const window = Math.floor(now() / 60_000);
    if (seen.size > 10_000) for (const [k, v] of seen) if (v.window !== window) seen.delete(k);
    let entry = seen.get(key);
    if (!entry || entry.window !== window) seen.set(key, (entry = { window, count: 0 }));
    return entry;
  };
  return {
    take: (key: string) => ++current(key).count <= limit,
    refund: (key: string) => void (current(key).count -= 1),
  };
}

/**
 * The HTTP route: POST only, bounded body (413), the handler's answer or its refusal. Every refusal is
 * logged once at warn (`reason`, `remote`, `bytes`; never the body) and counted by reason.
 */
export function webhookRoute(opts: WebhookOptions) {
  if (!opts.encryptKey || !opts.verificationToken)
    throw new Error('webhook transport needs FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN');
  const limit = opts.maxBodyBytes ?? 1 << 20;
  const minRefusalMs = opts.minRefusalMs ?? 25;
  const handle = webhookHandler(opts);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const remote = req.socket.remoteAddress ?? 'unknown';
    const reply = (status: number, text: string, close = false) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...(close ? { connection: 'close' } : {}),
      });
      res.end(text);
    };
    const refuse = (rejection: WebhookRejection, bytes: number, close = false) => {
      opts.metrics.webhookRejected.inc({ reason: rejection.reason });
      opts.log.warn(
        {
          reason: rejection.reason,
          remote,
          bytes,
          ...(rejection.eventId !== undefined ? { eventId: rejection.eventId } : {}),
        },
        'webhook request refused',
      );
      reply(rejection.status, ANSWERS[rejection.status], close);
    };
    if (req.method !== 'POST') {
      req.resume();
      return refuse(new WebhookRejection(405, 'method'), 0);
    }
    const tooLarge = (bytes: number) => {
      refuse(new WebhookRejection(413, 'too_large'), bytes, true);
      // Read no more: the connection closes once the answer is out.
      res.once('finish', () => req.destroy());
    };
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return tooLarge(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      over = true;
      chunks.length = 0;
      tooLarge(size);
    });
    req.on('end', () => {
      if (over) return;
      const started = Date.now();
      handle({ headers: req.headers, body: Buffer.concat(chunks), remote }).then(
        (answer) => reply(200, JSON.stringify(answer ?? {})),
        (err: unknown) => {
          if (!(err instanceof WebhookRejection)) {
            opts.onError(err);
            return reply(500, '{"error":"internal error"}');
          }
          // The same time for every refusal: which check failed must not show in when the answer comes.
          const wait = started + minRefusalMs - Date.now();
          if (wait <= 0) return refuse(err, size);
          setTimeout(() => refuse(err, size), wait);
        },
      );
    });
  };
}
