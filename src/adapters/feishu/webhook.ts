import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The webhook transport, written here rather than taken from the SDK, whose webhook path accepts
 * anything when no encrypt key is set, never compares the verification token, has no replay window and
 * answers card errors with nothing (shared/feishu-platform-notes.md §4.5, traps 2–4). Ours refuses to
 * start without both secrets, checks the signature (constant time), the timestamp window and the token
 * on every request, and hands events to the same router the long connection uses.
 */
export interface WebhookOptions {
  encryptKey: string;
  verificationToken: string;
  onMessage(event: unknown): Promise<void>;
  onCardAction(event: unknown): Promise<unknown>;
  onError(err: unknown): void;
  now(): Date;
  /** How far a request's timestamp may be from now (default 5 minutes): older ones are replays. */
  windowSeconds?: number;
  maxBodyBytes?: number;
}

export class WebhookRejection extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function decryptEvent(encryptKey: string, encrypted: string): string {
  const raw = Buffer.from(encrypted, 'base64');
  if (raw.length < 32 || raw.length % 16 !== 0) throw new WebhookRejection(400, 'bad ciphertext');
  const key = createHash('sha256').update(encryptKey).digest();
  const decipher = createDecipheriv('aes-256-cbc', key, raw.subarray(0, 16));
  try {
    return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    throw new WebhookRejection(400, 'cannot decrypt');
  }
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Checks one request and says what to answer; pure except for the handlers it calls. */
export async function handleWebhook(
  opts: WebhookOptions,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): Promise<unknown> {
  const outer = parseJson(body) as { encrypt?: unknown };
  if (typeof outer?.encrypt !== 'string') throw new WebhookRejection(400, 'expected an encrypted body');
  const plain = parseJson(decryptEvent(opts.encryptKey, outer.encrypt)) as Record<string, unknown>;
  // URL verification is not signed (platform notes §4.3); the token inside must still match.
  if (plain.type === 'url_verification') {
    if (typeof plain.token !== 'string' || !sameText(plain.token, opts.verificationToken))
      throw new WebhookRejection(401, 'bad verification token');
    return { challenge: plain.challenge };
  }
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = header('x-lark-request-timestamp');
  const nonce = header('x-lark-request-nonce');
  const signature = header('x-lark-signature');
  if (!timestamp || !nonce || !signature) throw new WebhookRejection(401, 'unsigned request');
  const expected = createHash('sha256')
    .update(timestamp + nonce + opts.encryptKey + body)
    .digest('hex');
  if (!sameText(signature, expected)) throw new WebhookRejection(401, 'bad signature');
  const age = Math.abs(opts.now().getTime() / 1000 - Number(timestamp));
  if (!Number.isFinite(age) || age > (opts.windowSeconds ?? 300))
    throw new WebhookRejection(401, 'stale request');
  const env = plain as {
    header?: { token?: string; event_type?: string; event_id?: string };
    event?: unknown;
  };
  if (typeof env.header?.token !== 'string' || !sameText(env.header.token, opts.verificationToken))
    throw new WebhookRejection(401, 'bad verification token');
  const event = { ...(env.event as object), event_id: env.header.event_id };
  if (env.header.event_type === 'card.action.trigger') return opts.onCardAction(event);
  if (env.header.event_type === 'im.message.receive_v1')
    // Acknowledged at once (the platform's 3 s); the router claims and handles it.
    void opts.onMessage(event).catch(opts.onError);
  return {};
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new WebhookRejection(400, 'not JSON');
  }
}

/** The HTTP route: POST only, bounded body, rejections answered with their status and logged as such. */
export function webhookRoute(opts: WebhookOptions) {
  if (!opts.encryptKey || !opts.verificationToken)
    throw new Error('webhook transport needs FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN');
  const limit = opts.maxBodyBytes ?? 1 << 20;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return reply(405, { error: 'method not allowed' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      handleWebhook(opts, req.headers, Buffer.concat(chunks).toString('utf8')).then(
        (answer) => reply(200, answer ?? {}),
        (err: unknown) => {
          if (err instanceof WebhookRejection) return reply(err.status, { error: err.message });
          opts.onError(err);
          reply(500, { error: 'internal error' });
        },
      );
    });
  };
}
