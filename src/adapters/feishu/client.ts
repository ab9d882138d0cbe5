import { Readable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import { createLogger, sdkLogger, type Logger } from '../log';

/** The SDK's `domain`: Feishu, Lark, or a base URL such as the emulator's (no trailing slash: the SDK concatenates). */
export function feishuDomain(domain: string): string | lark.Domain {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/, '');
}

/**
 * Builds the official SDK client once, from configuration; everything else receives it. With `log`, the
 * SDK's own warnings and errors (its request failures, retried by our sender) go to it as warnings.
 */
export function createFeishuClient(opts: {
  appId: string;
  appSecret: string;
  domain: string;
  log?: Logger;
}): lark.Client {
  return new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: feishuDomain(opts.domain),
    // Never the SDK's console logger: it prints a failed token request's body, app secret included.
    // Without a `log` (tests, tools), its warnings go to stderr as JSON, reduced and scrubbed the same way.
    logger: sdkLogger(
      opts.log ?? createLogger({ level: 'warn', secrets: [opts.appSecret], destination: process.stderr }),
    ),
    loggerLevel: lark.LoggerLevel.warn,
    // Its own token cache: the SDK's default one is global to the process, keyed by app id only, so two
    // clients of one app id on different domains (two emulators, or Feishu and Lark) would trade tokens.
    cache: new lark.DefaultCache(),
  });
}

/**
 * The platform's answers to a tenant token it does not take: missing (99991661), invalid — expired early,
 * revoked, or forgotten by the platform (99991663) — and malformed (99991668). Platform notes §1.
 */
export const TOKEN_REJECTED = new Set([99991661, 99991663, 99991668]);

/** One client's token refresh: `generation` counts refreshes begun, `pending` is the one under way. */
interface Refresh {
  generation: number;
  pending: Promise<void> | null;
}

const refreshes = new WeakMap<lark.Client, Refresh>();

function refreshOf(client: lark.Client): Refresh {
  let r = refreshes.get(client);
  if (!r) refreshes.set(client, (r = { generation: 0, pending: null }));
  return r;
}

/**
 * Runs one Open API call through `client`; if the platform refuses its tenant token (`TOKEN_REJECTED`),
 * drops the SDK's cached token, fetches a new one and makes the call once more. The SDK alone keeps a
 * refused token until its cache entry expires, up to 2 h − 3 min (platform notes, trap 6).
 *
 * Single-flight per client: the calls that fail on the same token wait for one new token (the first
 * failure fetches it; calls begun before it, failing later, simply retry), and calls starting while it
 * is fetched wait for it rather than have the SDK fetch one each. Only the SDK's public surface is used:
 * its `cache` (ours, from `createFeishuClient`), the exported `CTenantAccessToken` key and
 * `tokenManager.getTenantAccessToken()`. A second refusal, or a failed token request, is thrown to the
 * caller as any failure is (the sender's retry rules apply to it).
 */
export async function withFreshToken<T>(client: lark.Client, call: () => Promise<T>): Promise<T> {
  const refresh = refreshOf(client);
  if (refresh.pending) await refresh.pending.catch(() => undefined);
  const generation = refresh.generation;
  let code: number | undefined;
  try {
    const res = await call();
    code = codeOf(res);
    if (code === undefined || !TOKEN_REJECTED.has(code)) return res;
  } catch (err) {
    code = await errorCodeOf(err);
    if (code === undefined || !TOKEN_REJECTED.has(code)) throw err;
  }
  await newToken(client, refresh, generation, code);
  return call();
}

/** The one token fetch for the calls that failed on the token of `seen` (joined if already begun). */
function newToken(client: lark.Client, refresh: Refresh, seen: number, code: number): Promise<void> {
  if (refresh.generation !== seen) return refresh.pending ?? Promise.resolve();
  refresh.generation++;
  void client.logger.warn(`the platform refused the tenant token (${code}): fetching a new one`);
  const pending = (async () => {
    // Expired at once: what `get` then answers is "no token", for the SDK's DefaultCache or any `Cache`.
    await client.cache.set(lark.CTenantAccessToken, undefined, 1, { namespace: client.appId });
    await client.tokenManager.getTenantAccessToken();
  })();
  refresh.pending = pending;
  const done = () => {
    if (refresh.pending === pending) refresh.pending = null;
  };
  pending.then(done, done);
  return pending;
}

/** The platform's code in an answer the SDK resolved with (`{code, msg, data}`), if any. */
function codeOf(res: unknown): number | undefined {
  const code = (res as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The platform's code in a failed call's answer. A download's error body is a stream (the SDK asks for
 * `responseType: 'stream'`): it is read, and put back on the error parsed, for whoever handles it next.
 */
async function errorCodeOf(err: unknown): Promise<number | undefined> {
  const response = (err as { response?: { data?: unknown } } | null)?.response;
  if (!response) return undefined;
  if (response.data instanceof Readable) response.data = await readBody(response.data);
  return codeOf(response.data);
}

async function readBody(stream: Readable, maxBytes = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(Buffer.from(chunk as Buffer));
      size += (chunk as Buffer).length;
      if (size > maxBytes) break;
    }
  } catch {
    // A body cut off: what arrived is all there is.
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
