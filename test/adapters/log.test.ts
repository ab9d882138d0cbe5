import { Writable } from 'node:stream';
import { createFeishuClient } from '../../src/adapters/feishu/client';
import { createSender } from '../../src/adapters/feishu/sender';
import { configSecrets, createLogger } from '../../src/adapters/log';
import { TEST_APP, useEmulator } from '../helpers/emulator';

/** A logger writing into memory, and its lines parsed. */
function memoryLogger(secrets: string[] = []) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'debug', secrets, destination });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, any>) }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const CONFIG = {
  FEISHU_APP_SECRET: TEST_APP.appSecret,
  FEISHU_ENCRYPT_KEY: TEST_APP.encryptKey,
  FEISHU_VERIFICATION_TOKEN: TEST_APP.verificationToken,
  MONGODB_URI: 'mongodb://ssj:m0ngo-Pa%24%24word@db.internal:27017/ssj',
  REDIS_URL: 'redis://:r3dis-passw0rd@cache.internal:6379',
};
const SECRET_VALUES = [
  TEST_APP.appSecret,
  TEST_APP.encryptKey,
  TEST_APP.verificationToken,
  'm0ngo-Pa$$word',
  'm0ngo-Pa%24%24word',
  'r3dis-passw0rd',
];
const expectNoSecrets = (lines: string[]) => {
  const text = lines.join('\n');
  for (const s of SECRET_VALUES) expect(text).not.toContain(s);
  expect(text).not.toMatch(/Bearer (?!\[Redacted\])/);
};

describe('the JSON log', () => {
  it('writes one JSON object per line with level, time, message and context', () => {
    const { log, entries } = memoryLogger();
    log.child({ eventId: 'ev_1' }).info({ type: 'message', outcome: 'ok' }, 'event');
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        service: 'shuangsuiji-bot',
        eventId: 'ev_1',
        type: 'message',
        outcome: 'ok',
        msg: 'event',
      }),
    ]);
  });

  it('redacts secret fields by name and scrubs secret values wherever they appear', () => {
    const { log, lines, entries } = memoryLogger(configSecrets(CONFIG));
    log.error(
      {
        jobId: 'send-1',
        appSecret: TEST_APP.appSecret,
        app: { encryptKey: TEST_APP.encryptKey, verificationToken: TEST_APP.verificationToken },
        headers: { authorization: 'Bearer t-g1044abcdefabcdefabcdef' },
        body: `{"app_id":"${TEST_APP.appId}","app_secret":"some-other-secret","tenant_access_token":"t-xyz123456789"}`,
        err: new Error(
          `cannot reach ${CONFIG.MONGODB_URI} or ${CONFIG.REDIS_URL} with ${TEST_APP.appSecret}`,
          {
            cause: new Error(`token ${TEST_APP.verificationToken} refused`),
          },
        ),
      },
      '处理失败',
    );
    expectNoSecrets(lines);
    expect(lines.join('\n')).not.toContain('some-other-secret');
    expect(lines.join('\n')).not.toContain('t-xyz123456789');
    const [e] = entries();
    expect(e).toMatchObject({
      level: 'error',
      jobId: 'send-1',
      appSecret: '[Redacted]',
      app: { encryptKey: '[Redacted]', verificationToken: '[Redacted]' },
      headers: { authorization: '[Redacted]' },
      err: {
        type: 'Error',
        message: expect.stringContaining('mongodb://***@db.internal:27017/ssj'),
        cause: { message: 'token [Redacted] refused' },
      },
    });
    expect(e!.err.message).toContain('redis://***@cache.internal:6379');
  });

  describe('the SDK logs through it', () => {
    const emu = useEmulator();

    it('as structured warnings without the app secret, when the token cannot be had', async () => {
      const { log, lines, entries } = memoryLogger(configSecrets(CONFIG));
      // A port nothing listens on: the SDK logs the raw request error, whose body holds app_secret.
      const client = createFeishuClient({ ...TEST_APP, domain: 'http://127.0.0.1:9', log });
      const sender = createSender(client, { attempts: 1 });
      await expect(sender.sendCard({ chatId: 'oc_x' }, {}, 'u-1')).rejects.toThrow('ECONNREFUSED');
      const sdk = entries().filter((e) => e.source === 'feishu-sdk');
      expect(sdk.length).toBeGreaterThan(0);
      expect(sdk.every((e) => e.level === 'warn')).toBe(true);
      expect(JSON.stringify(sdk)).toContain('/open-apis/auth/v3/tenant_access_token/internal');
      expectNoSecrets(lines);
    });

    it('and a refused request names its code, not the request body or token', async () => {
      const { log, lines, entries } = memoryLogger(configSecrets(CONFIG));
      const client = createFeishuClient({ ...TEST_APP, domain: emu().url, log });
      const sender = createSender(client, { attempts: 1 });
      await expect(
        sender.sendCard({ chatId: 'oc_nope' }, { marker: 'BODY-MARKER-42' }, 'u-2'),
      ).rejects.toThrow('send card');
      const sdk = entries().filter((e) => e.source === 'feishu-sdk');
      expect(sdk.length).toBeGreaterThan(0);
      expect(JSON.stringify(sdk)).toContain('/open-apis/im/v1/messages');
      // The SDK nests its errors in arrays: the body (a card's people and targets) must not come along.
      expect(lines.join('\n')).not.toContain('BODY-MARKER-42');
      expectNoSecrets(lines);
    });
  });
});
