import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_SCHEDULE, scheduleConfigSchema, type ScheduleConfig } from '../domain/schedule';
import { crossFieldProblems, envSchema, type Config } from './schema';

/** Thrown when the environment is invalid; `message` lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，无法启动（共 ${problems.length} 处）：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Secrets never reach logs or the console, not even in an error message. */
const redact = (key: string, raw: string): string => {
  if (/SECRET|KEY|TOKEN/.test(key)) return '已隐藏';
  if (/URI|URL/.test(key)) return JSON.stringify(raw.replace(/\/\/([^@/]*)@/, '//***@'));
  return JSON.stringify(raw);
};

const describe = (key: string, message: string, raw: string | undefined): string =>
  `${key}：${message}${raw === undefined ? '' : `（当前值：${redact(key, raw)}）`}`;

/**
 * Reads and validates the whole configuration. The only place that reads `process.env`.
 * Empty strings count as unset, as shells and compose files often export `VAR=`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = envSchema.safeParse(relevant);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ key: String(i.path[0]), message: i.message }))),
    ...crossFieldProblems(relevant),
  ].map((p) => describe(p.key, p.message, relevant[p.key]));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

/**
 * The schedule: the defaults, with what `file` (SCHEDULE_FILE, JSON) sets instead. Every problem is
 * reported with the setting's path, e.g. `escalation[1].afterWorkdays`.
 */
export function loadScheduleConfig(file: string | undefined): ScheduleConfig {
  if (!file) return DEFAULT_SCHEDULE;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? '文件不存在'
        : `不是有效的 JSON（${(err as Error).message}）`;
    throw new ConfigError([`SCHEDULE_FILE：${why}（${file}）`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError([`SCHEDULE_FILE：应为一个 JSON 对象，例如 {"runAt": "08:30"}（${file}）`]);
  const parsed = scheduleConfigSchema.safeParse(
    {
      ...DEFAULT_SCHEDULE,
      ...raw,
      // Nested settings merge too: a file may change one weight of the 考评 and keep the rest.
      publication: { ...DEFAULT_SCHEDULE.publication, ...(raw as { publication?: object }).publication },
      evaluation: { ...DEFAULT_SCHEDULE.evaluation, ...(raw as { evaluation?: object }).evaluation },
    },
    // zod's own messages in Chinese too (ours are written in Chinese already).
    { error: z.locales.zhCN().localeError },
  );
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const where = i.path
          .map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${String(p)}`))
          .join('');
        return `SCHEDULE_FILE${where ? ` ${where}` : ''}：${i.message}`;
      }),
    );
  return parsed.data;
}
