import { ConfigError, loadConfig } from '../../src/config/load-config';

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
});
