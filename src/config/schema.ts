import { z } from 'zod';

import { TIME_ZONE } from '../domain/time-zone';

/** The only time zone the bot knows: every date in the plan, deadline and cron is Beijing time. */
export { TIME_ZONE };

const port = z.coerce
  .number({ message: '应为 1–65535 之间的整数' })
  .int('应为整数')
  .min(1, '应为 1–65535 之间的整数')
  .max(65535, '应为 1–65535 之间的整数');

const URL_EXAMPLES = {
  Redis: 'redis://127.0.0.1:6379',
  MongoDB: 'mongodb://host:27017/db',
  PostgreSQL: 'postgres://postgres@127.0.0.1:5432/ssj',
};
const url = (what: keyof typeof URL_EXAMPLES) =>
  z.string().url(`应为 ${what} 的完整地址，例如 ${URL_EXAMPLES[what]}`);

/**
 * The environment the bot reads, once, at start-up. Keys are the environment variable names;
 * `.env.example` lists every key with its meaning (test/config checks the two agree).
 */
export const envSchema = z.object({
  APP_MODE: z.enum(['demo', 'production'], { message: '应为 demo 或 production' }).default('demo'),
  FEISHU_APP_ID: z.string().min(1, '不能为空').optional(),
  FEISHU_APP_SECRET: z.string().min(1, '不能为空').optional(),
  /** `feishu`, `lark`, or a base URL such as the emulator's. */
  FEISHU_DOMAIN: z
    .string()
    .refine((v) => v === 'feishu' || v === 'lark' || /^https?:\/\/[^\s]+$/.test(v), {
      message: '应为 feishu、lark 或 http(s):// 开头的地址（如模拟器地址）',
    })
    .default('feishu'),
  FEISHU_ENCRYPT_KEY: z.string().min(1, '不能为空').optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().min(1, '不能为空').optional(),
  FEISHU_EVENT_TRANSPORT: z.enum(['ws', 'webhook'], { message: '应为 ws（长连接）或 webhook' }).default('ws'),
  /**
   * What this process does: `all` (default) takes events and runs jobs; `events` only takes events and
   * card callbacks (answering within Feishu's 3 s while heavy draws run elsewhere); `jobs` only runs jobs.
   */
  BOT_ROLE: z
    .enum(['all', 'events', 'jobs'], {
      message: '应为 all（全部）、events（只接收事件）或 jobs（只运行任务）',
    })
    .default('all'),
  /**
   * Answer the platform's unsigned URL challenge (webhook): `on` (default) while the event URL may be
   * (re)saved in the developer console, `off` afterwards so no unsigned body is ever decrypted.
   */
  FEISHU_WEBHOOK_CHALLENGE: z.enum(['on', 'off'], { message: '应为 on 或 off' }).default('on'),
  MONGODB_URI: url('MongoDB')
    .refine((v) => /^mongodb(\+srv)?:\/\//.test(v), { message: '应以 mongodb:// 或 mongodb+srv:// 开头' })
    .optional(),
  /**
   * What the embedded FerretDB stores into when MONGODB_URI is not set: `sqlite` (default, files in
   * DATA_DIR) or `postgres` (the database POSTGRES_URL names, created when missing).
   */
  DB_BACKEND: z.enum(['sqlite', 'postgres'], { message: '应为 sqlite 或 postgres' }).default('sqlite'),
  POSTGRES_URL: url('PostgreSQL')
    .refine((v) => /^postgres(ql)?:\/\/[^/?#]*\/[A-Za-z0-9_]{1,63}(\?.*)?$/.test(v), {
      message:
        '应以 postgres:// 开头并写明数据库名（字母、数字、下划线），例如 postgres://postgres@127.0.0.1:5432/ssj',
    })
    .default('postgres://postgres@127.0.0.1:5432/ssj'),
  REDIS_URL: url('Redis')
    .refine((v) => /^rediss?:\/\//.test(v), { message: '应以 redis:// 或 rediss:// 开头' })
    .default('redis://127.0.0.1:6379'),
  /**
   * Prefix of every Redis key and BullMQ queue, so several deployments (or test runs) share one Redis.
   * Plain (`ssj`) or a Redis Cluster hash tag (`{ssj}`: BullMQ needs a queue's keys in one slot, docs/deploy.md).
   */
  REDIS_PREFIX: z
    .string()
    .regex(
      /^(?:[A-Za-z0-9_-]{1,40}|\{[A-Za-z0-9_-]{1,38}\})$/,
      '只能包含字母、数字、- 和 _，最长 40 个字符；Redis Cluster 可用花括号包住，如 {ssj}',
    )
    .default('ssj'),
  /** The public port: the public page (一公开), the Feishu webhook, /healthz. */
  HTTP_PORT: port.default(3000),
  /** The operators' port: /healthz, /readyz, /metrics; not public. */
  OPS_PORT: port.default(3001),
  /** Where the operators' port listens: loopback unless the scraper or probe runs on another host. */
  OPS_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, '应为监听地址，例如 127.0.0.1、0.0.0.0 或内网地址')
    .default('127.0.0.1'),
  /** A JSON file with any of the schedule's settings (docs/schedules.md); the rest keep their defaults. */
  SCHEDULE_FILE: z.string().min(1).optional(),
  /** Where the embedded FerretDB keeps its data when MONGODB_URI is not set (demo, local CLI). */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Not the process TZ (hosts often set TZ=UTC): our own, fixed, checked so nobody believes it can change. */
  TIME_ZONE: z
    .literal(TIME_ZONE, { message: `时区固定为 ${TIME_ZONE}，请删除该变量或设为 ${TIME_ZONE}` })
    .default(TIME_ZONE),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: '应为 fatal/error/warn/info/debug/trace/silent 之一',
    })
    .default('info'),
});

export type Config = z.infer<typeof envSchema>;

/**
 * Rules between keys, checked on the raw values so that they are reported together with
 * every per-key problem (zod skips object refinements once a key has failed).
 */
export function crossFieldProblems(
  env: Record<string, string | undefined>,
): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  if (env.APP_MODE === 'production') {
    for (const key of ['FEISHU_APP_ID', 'FEISHU_APP_SECRET', 'MONGODB_URI']) {
      if (!env[key]) problems.push({ key, message: '生产模式（APP_MODE=production）下必须设置' });
    }
  }
  if (env.FEISHU_EVENT_TRANSPORT === 'webhook') {
    // The SDK accepts unencrypted, unsigned bodies when no key is set; we refuse to run that way.
    for (const key of ['FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN']) {
      if (!env[key]) problems.push({ key, message: 'webhook 方式接收事件时必须设置（用于解密与校验请求）' });
    }
  }
  // Both servers on one port would fail at start-up (EADDRINUSE), or worse, share it.
  if (Number(env.OPS_PORT ?? 3001) === Number(env.HTTP_PORT ?? 3000))
    problems.push({ key: 'OPS_PORT', message: '不能与 HTTP_PORT 相同（运维端口与公开端口须分开）' });
  return problems;
}
