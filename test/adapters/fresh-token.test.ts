import { helpCard } from '../../cards/help-card';
import { createFeishuClient, withFreshToken } from '../../src/adapters/feishu/client';
import { feishuDirectory } from '../../src/adapters/feishu/directory';
import { messageFiles } from '../../src/adapters/feishu/files';
import { feishuReadiness } from '../../src/adapters/feishu/readiness';
import { createSender, SendError } from '../../src/adapters/feishu/sender';
import { createLogger, silentLogger } from '../../src/adapters/log';
import {
  TEST_APP,
  forgetTokens,
  messagesOf,
  openIdOf,
  testApi,
  tokenStats,
  useEmulator,
} from '../helpers/emulator';
import { useTempDir } from '../helpers/sheets';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const HELP = helpCard({
  commands: [{ usage: '/帮助', description: '使用说明', available: true }],
  items: [],
});

/**
 * The platform forgetting its tenant tokens (a restart, a revocation): the SDK keeps using its cached one
 * until expiry − 3 min (platform notes, trap 6). Every adapter's call drops it, fetches one new token for
 * all the calls that failed together, and tries once more.
 */
describe('a tenant token the platform no longer knows', () => {
  const emu = useEmulator();
  const dir = useTempDir();
  const client = () => createFeishuClient({ ...TEST_APP, domain: emu().url, log: silentLogger() });

  it('ten concurrent calls that fail on it fetch one new token, and all succeed', async () => {
    const lines: string[] = [];
    const c = createFeishuClient({
      ...TEST_APP,
      domain: emu().url,
      log: createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(line) } }),
    });
    const directory = feishuDirectory(c);
    const openId = await openIdOf(emu(), '彭世杰');
    expect(await directory.userByOpenId(openId)).toMatchObject({ name: '彭世杰' });
    await forgetTokens(emu());
    const before = await tokenStats(emu());

    const found = await Promise.all(Array.from({ length: 10 }, () => directory.userByOpenId(openId)));

    expect(found.map((u) => u?.name)).toEqual(Array(10).fill('彭世杰'));
    const after = await tokenStats(emu());
    expect(after.requests - before.requests).toBe(1);
    expect(after.rejected - before.rejected).toBe(10);
    expect(after.live).toBe(1);
    const refreshes = lines.filter((l) => l.includes('the platform refused the tenant token (99991663)'));
    expect(refreshes).toHaveLength(1);
    expect(lines.join('')).not.toMatch(/t-[0-9a-f]{10}/);
  });

  it('two different adapters failing at once share the one refresh', async () => {
    const c = client();
    const sender = createSender(c);
    const directory = feishuDirectory(c);
    const openId = await openIdOf(emu(), '李明');
    await directory.userByOpenId(openId);
    await forgetTokens(emu());
    const before = await tokenStats(emu());

    const [messageId, mobiles] = await Promise.all([
      sender.sendCard({ openId }, HELP, 'fresh-token-two-adapters'),
      directory.openIdsByMobile(['13900000003']),
    ]);

    expect(messageId).toMatch(/^om_/);
    expect(mobiles.get('13900000003')).toBe(openId);
    expect((await tokenStats(emu())).requests - before.requests).toBe(1);
    const cards = (await messagesOf(emu(), { open_id: openId })).filter((m) => m.msg_type === 'interactive');
    expect(cards).toHaveLength(1);
  });

  it('/readyz’s check is ready again at its next probe, without a restart', async () => {
    const ready = feishuReadiness(client());
    await ready();
    await forgetTokens(emu());
    const before = await tokenStats(emu());

    await expect(ready()).resolves.toBeUndefined();
    await expect(ready()).resolves.toBeUndefined();

    const after = await tokenStats(emu());
    expect(after.rejected - before.rejected).toBe(1);
    expect(after.requests - before.requests).toBe(1);
  });

  it('a file download (whose error body is a stream) recovers too', async () => {
    const c = client();
    const sent = await testApi<{ message_id: string }>(emu(), 'POST', 'messages', {
      open_id: await openIdOf(emu(), '彭世杰'),
      file: { name: 'pool.xlsx', base64: Buffer.from('抽查对象').toString('base64') },
    });
    const [message] = (await messagesOf(emu(), { open_id: await openIdOf(emu(), '彭世杰') })).filter(
      (m) => m.message_id === sent.message_id,
    );
    await feishuReadiness(c)(); // a token in the SDK's cache
    await forgetTokens(emu());

    const dest = join(dir(), 'pool.xlsx');
    await messageFiles(c).download(sent.message_id, message!.content.file_key as string, dest, 1 << 20);

    expect(readFileSync(dest, 'utf8')).toBe('抽查对象');
  });

  it('a send whose token is refused again after the refresh fails as before, with the platform’s code', async () => {
    const c = client();
    const openId = await openIdOf(emu(), '彭世杰');
    await feishuReadiness(c)();
    // A token the platform refuses whatever happens: the call is made twice (one refresh), then fails.
    const before = await tokenStats(emu());
    let calls = 0;
    const refused = () => {
      calls++;
      return Promise.reject(
        Object.assign(new Error('Request failed with status code 400'), {
          response: { status: 400, data: { code: 99991663, msg: 'Invalid access token for authorization.' } },
        }),
      );
    };
    await expect(withFreshToken(c, refused)).rejects.toMatchObject({
      response: { data: { code: 99991663 } },
    });
    expect(calls).toBe(2);
    expect((await tokenStats(emu())).requests - before.requests).toBe(1);

    // Other failures are not retried here (the sender's own rules apply).
    calls = 0;
    const badCard = () => {
      calls++;
      return Promise.reject(
        Object.assign(new Error('Request failed with status code 400'), {
          response: { status: 400, data: { code: 230099, msg: 'bad card' } },
        }),
      );
    };
    await expect(withFreshToken(c, badCard)).rejects.toThrow('status code 400');
    expect(calls).toBe(1);
    await expect(createSender(c).sendCard({ openId }, { bad: true }, 'fresh-token-bad-card')).rejects.toThrow(
      SendError,
    );
  });
});
