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
