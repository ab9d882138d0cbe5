import pino, { type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

/** What ties a log line to its cause: the Feishu event id (a card click: its token) or the BullMQ job id. */
export interface LogContext {
  eventId?: string;
  jobId?: string;
  job?: string;
}

const SECRET_KEYS = [
  'appSecret',
  'app_secret',
  'encryptKey',
  'encrypt_key',
  'verificationToken',
  'verification_token',
  'tenant_access_token',
  'app_access_token',
  'authorization',
  'Authorization',
  'password',
];

/** pino `redact` paths: each secret key at the top, one level down, and in request headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...['authorization', 'Authorization'].flatMap((h) => [
    `headers.${h}`,
    `*.headers.${h}`,
    `*.*.headers.${h}`,
  ]),
];

const CENSOR = '[Redacted]';

/**
 * A last pass over every line, for secrets inside strings where `redact` paths cannot reach (a request
 * body the SDK logs as a JSON string, a URL with credentials): known values and known shapes.
 */
export function scrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const values = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 6)
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
    .sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line
      .replace(/\b(mongodb(?:\+srv)?|rediss?):\/\/[^\s"/@]*@/g, '$1://***@')
      .replace(/\b(Bearer)\s+[^\s"\\]+/gi, `$1 ${CENSOR}`)
      .replace(
        /((?:app_secret|appSecret|encrypt_key|encryptKey|tenant_access_token|app_access_token|verification_token|verificationToken)\\*"\s*:\s*\\*")[^"\\]*/g,
        `$1${CENSOR}`,
      );
    for (const v of values) out = out.split(v).join(CENSOR);
    return out;
  };
}

/** An error as a log field: the standard fields, and for an HTTP (axios) error only where it went and the answer. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & {
    code?: unknown;
    config?: { url?: string; method?: string };
    response?: { status?: number; data?: { code?: unknown; msg?: unknown } | string };
  };
  const http = e.config !== undefined || e.response !== undefined;
  const fields: Record<string, unknown> = { type: e.name, message: e.message };
  if (!http) fields.stack = e.stack; // an HTTP client's stack says nothing about our code
  if (e.code !== undefined) fields.code = e.code;
  if (http) {
    fields.request = { method: e.config?.method, url: e.config?.url?.split('?')[0] };
    const data = e.response?.data;
    fields.response = {
      status: e.response?.status,
      ...(data && typeof data === 'object' ? { code: data.code, msg: data.msg } : {}),
    };
  } else if (e.cause !== undefined) fields.cause = errorFields(e.cause);
  return fields;
}

/**
 * The bot's JSON logger (one line per entry, stdout unless `destination`): secrets redacted by path and
 * scrubbed by value (`secrets`: the app secret, encrypt key, verification token, database URLs).
 */
export function createLogger(opts: {
  level: Level | 'silent';
  secrets?: readonly (string | undefined)[];
  destination?: DestinationStream;
}): Logger {
  const scrub = scrubber(opts.secrets ?? []);
  return pino(
    {
      level: opts.level,
      base: { service: 'shuangsuiji-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { err: errorFields },
      hooks: { streamWrite: scrub },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** A logger that writes nothing (code run without one). */
export const silentLogger = (): Logger => pino({ level: 'silent' });

/**
 * The official SDK's `logger` option over pino. The SDK logs every failed request at `error` even when
 * our sender retries it (rate limits, 5xx), so its errors become warnings; the final failure is ours to log.
 * Each entry is `{source: 'feishu-sdk', sdk: [...]}` with errors reduced to `errorFields`.
 */
export function sdkLogger(log: Logger) {
  const sdk = log.child({ source: 'feishu-sdk' });
  const entry =
    (level: 'warn' | 'info' | 'debug' | 'trace') =>
    (...args: unknown[]): void => {
      const parts = (args as unknown[]).flat(4).map(sdkPart);
      const msg = typeof parts[0] === 'string' ? (parts.shift() as string) : 'feishu sdk';
      sdk[level](parts.length ? { sdk: parts } : {}, msg);
    };
  return {
    error: entry('warn'),
    warn: entry('warn'),
    info: entry('info'),
    debug: entry('debug'),
    trace: entry('trace'),
  };
}

/** The SDK logs raw axios errors and `formatErrors` objects (with the request body): keep what says what failed. */
function sdkPart(part: unknown): unknown {
  if (part instanceof Error) return errorFields(part);
  if (part && typeof part === 'object' && 'config' in part) {
    const { config, ...rest } = part as { config?: { url?: string; method?: string } };
    return { ...rest, config: { url: config?.url?.split('?')[0], method: config?.method } };
  }
  return part;
}

/** The configuration's secret values, for `createLogger({secrets})`: credentials and the passwords in URLs. */
export function configSecrets(config: {
  FEISHU_APP_SECRET?: string | undefined;
  FEISHU_ENCRYPT_KEY?: string | undefined;
  FEISHU_VERIFICATION_TOKEN?: string | undefined;
  MONGODB_URI?: string | undefined;
  POSTGRES_URL?: string | undefined;
  REDIS_URL?: string | undefined;
}): string[] {
  const password = (url: string | undefined) => {
    try {
      return url ? decodeURIComponent(new URL(url).password) : '';
    } catch {
      return '';
    }
  };
  return [
    config.FEISHU_APP_SECRET,
    config.FEISHU_ENCRYPT_KEY,
    config.FEISHU_VERIFICATION_TOKEN,
    password(config.MONGODB_URI),
    password(config.POSTGRES_URL),
    password(config.REDIS_URL),
  ].filter((s): s is string => !!s);
}
