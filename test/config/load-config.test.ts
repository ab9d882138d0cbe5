import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadScheduleConfig } from '../../src/config/load-config';
import { PROJECT_ROOT } from '../../src/config/paths';
import { envSchema } from '../../src/config/schema';
import { DEFAULT_SCHEDULE } from '../../src/domain/schedule';

describe('loadConfig', () => {
  it('runs the demo on embedded defaults with an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      APP_MODE: 'demo',
      FEISHU_EVENT_TRANSPORT: 'ws',
      REDIS_URL: 'redis://127.0.0.1:6379',
      HTTP_PORT: 3000,
      TIME_ZONE: 'Asia/Shanghai',
    });
  });

  it('lists every problem at once, in plain words, without leaking secrets', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        APP_MODE: 'production',
        HTTP_PORT: '99999',
        FEISHU_EVENT_TRANSPORT: 'webhook',
        TIME_ZONE: 'UTC',
        FEISHU_APP_SECRET: 'shh-very-secret',
        REDIS_URL: 'redis://user:pass@',
        MONGODB_URI: 'postgres://x',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      'MONGODB_URI：应以 mongodb:// 或 mongodb+srv:// 开头（当前值："postgres://x"）',
      'REDIS_URL：应为 Redis 的完整地址，例如 redis://127.0.0.1:6379（当前值："redis://***@"）',
      'HTTP_PORT：应为 1–65535 之间的整数（当前值："99999"）',
      'TIME_ZONE：时区固定为 Asia/Shanghai，请删除该变量或设为 Asia/Shanghai（当前值："UTC"）',
      'FEISHU_APP_ID：生产模式（APP_MODE=production）下必须设置',
      'FEISHU_ENCRYPT_KEY：webhook 方式接收事件时必须设置（用于解密与校验请求）',
      'FEISHU_VERIFICATION_TOKEN：webhook 方式接收事件时必须设置（用于解密与校验请求）',
    ]);
    expect(error!.message).toMatch(/^配置有误，无法启动（共 7 处）/);
    expect(error!.message).not.toContain('shh-very-secret');
    expect(error!.message).not.toContain('pass');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ HTTP_PORT: '', REDIS_URL: '' }).HTTP_PORT).toBe(3000);
  });

  it('puts the operators’ endpoints on their own port, on loopback unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ OPS_PORT: 3001, OPS_HOST: '127.0.0.1' });
    expect(loadConfig({ OPS_PORT: '9464', OPS_HOST: '0.0.0.0' })).toMatchObject({
      OPS_PORT: 9464,
      OPS_HOST: '0.0.0.0',
    });
    expect(() => loadConfig({ HTTP_PORT: '8080', OPS_PORT: '8080' })).toThrow(
      'OPS_PORT：不能与 HTTP_PORT 相同（运维端口与公开端口须分开）（当前值："8080"）',
    );
    expect(() => loadConfig({ OPS_PORT: '3000' })).toThrow('不能与 HTTP_PORT 相同');
    expect(() => loadConfig({ OPS_HOST: 'http://x/' })).toThrow('OPS_HOST：应为监听地址');
  });

  it('answers the webhook URL challenge unless FEISHU_WEBHOOK_CHALLENGE=off', () => {
    expect(loadConfig({}).FEISHU_WEBHOOK_CHALLENGE).toBe('on');
    expect(loadConfig({ FEISHU_WEBHOOK_CHALLENGE: 'off' }).FEISHU_WEBHOOK_CHALLENGE).toBe('off');
    expect(() => loadConfig({ FEISHU_WEBHOOK_CHALLENGE: 'no' })).toThrow(
      'FEISHU_WEBHOOK_CHALLENGE：应为 on 或 off',
    );
  });

  it('accepts the hash-tagged Redis prefix docs/deploy.md recommends for Redis Cluster', () => {
    expect(loadConfig({ REDIS_PREFIX: '{ssj}' }).REDIS_PREFIX).toBe('{ssj}');
    expect(loadConfig({ REDIS_PREFIX: 'ssj-prod_2' }).REDIS_PREFIX).toBe('ssj-prod_2');
    for (const bad of ['{ssj', 'ssj}', '{}', '{ssj}x', 'a:b', '{a:b}', 'x'.repeat(41)])
      expect(() => loadConfig({ REDIS_PREFIX: bad })).toThrow('REDIS_PREFIX：只能包含字母、数字');
  });

  it('agrees with the Redis prefix docs/deploy.md recommends', () => {
    const deploy = readFileSync(join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');
    const recommended = [...deploy.matchAll(/`REDIS_PREFIX` to `([^`]+)`|REDIS_PREFIX=([^\s`]+)/g)].map(
      (m) => (m[1] ?? m[2])!,
    );
    expect(recommended).toContain('{ssj}');
    for (const prefix of recommended) expect(loadConfig({ REDIS_PREFIX: prefix }).REDIS_PREFIX).toBe(prefix);
  });
});

describe('loadScheduleConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schedule-'));
  const write = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const problems = (file: string) => {
    try {
      loadScheduleConfig(file);
    } catch (e) {
      return (e as ConfigError).problems;
    }
    throw new Error('accepted');
  };

  it('is the default schedule without a file, and the defaults fill what a file leaves out', () => {
    expect(loadScheduleConfig(undefined)).toEqual(DEFAULT_SCHEDULE);
    expect(loadScheduleConfig(write('partial.json', '{"runAt": "08:30"}'))).toEqual({
      ...DEFAULT_SCHEDULE,
      runAt: '08:30',
    });
  });

  it('merges nested settings: one 考评 weight or one 公示 setting changed, the rest kept', () => {
    const c = loadScheduleConfig(
      write(
        'nested.json',
        JSON.stringify({
          publication: { withinWorkdays: 15 },
          evaluation: { ...DEFAULT_SCHEDULE.evaluation, emptyRate: 0 },
        }),
      ),
    );
    expect(c.publication).toEqual({ ...DEFAULT_SCHEDULE.publication, withinWorkdays: 15 });
    expect(c.evaluation).toEqual({ ...DEFAULT_SCHEDULE.evaluation, emptyRate: 0 });
    expect(
      problems(
        write('weights.json', '{"evaluation":{"weights":{"completion":50,"onTime":30,"publication":30}}}'),
      ),
    ).toEqual([expect.stringMatching(/^SCHEDULE_FILE evaluation(\.weights)?：/)]);
  });

  it('reads the documented example', () => {
    expect(loadScheduleConfig(join(PROJECT_ROOT, 'docs', 'schedule.example.json'))).toMatchObject({
      drawMode: 'auto',
      reminderWorkdays: [5, 2, 0],
    });
  });

  it('names each wrong setting by its path, in Chinese', () => {
    expect(
      problems(
        write(
          'bad.json',
          JSON.stringify({
            runAt: '9点',
            drawMode: 'always',
            reminderWorkdays: [-1],
            escalation: [
              { afterWorkdays: 3, to: ['leader'] },
              { afterWorkdays: 2, to: ['boss'] },
            ],
            extra: 1,
          }),
        ),
      ),
    ).toEqual([
      'SCHEDULE_FILE runAt：应为 HH:mm，例如 09:00',
      'SCHEDULE_FILE drawMode：应为 prompt（提醒责任人发起）或 auto（自动抽取并送审）',
      expect.stringMatching(/^SCHEDULE_FILE reminderWorkdays\[0\]：数值过小/),
      expect.stringMatching(/^SCHEDULE_FILE escalation\[1\]\.to\[0\]：/),
      expect.stringMatching(/^SCHEDULE_FILE：.*extra/),
    ]);
    expect(
      problems(
        write(
          'order.json',
          '{"escalation":[{"afterWorkdays":3,"to":["leader"]},{"afterWorkdays":2,"to":["office"]}]}',
        ),
      ),
    ).toEqual(['SCHEDULE_FILE escalation：督办各级的 afterWorkdays 应逐级递增']);
  });

  it('says when the file is missing, not JSON, or not an object', () => {
    expect(problems(join(dir, 'nope.json'))).toEqual([expect.stringMatching(/^SCHEDULE_FILE：文件不存在/)]);
    expect(problems(write('broken.json', '{runAt:'))).toEqual([
      expect.stringMatching(/^SCHEDULE_FILE：不是有效的 JSON/),
    ]);
    expect(problems(write('list.json', '[]'))).toEqual([
      expect.stringMatching(/^SCHEDULE_FILE：应为一个 JSON 对象/),
    ]);
  });
});

describe('.env.example', () => {
  it('lists every key the environment schema reads, and no other', () => {
    const listed = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8')
      .split('\n')
      .flatMap((line) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []);
    expect([...new Set(listed)].sort()).toEqual(Object.keys(envSchema.shape).sort());
  });
});
