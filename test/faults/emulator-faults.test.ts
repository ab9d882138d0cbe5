import { demoWorld } from '../../emulator/seed';
import type { RunningBot } from '../../src/app/bot';
import { loadDemoData } from '../../src/demo/load-demo';
import { DEMO_NOW } from '../helpers/demo-bot';
import { TEST_APP, testApi, useEmulator } from '../helpers/emulator';
import { useTestDb, useTestRedis } from '../helpers/services';
import { useTempDir } from '../helpers/sheets';
import { countTaskCards, dispatchedDraw, report, startInProcessBot, until } from './fault-kit';

/**
 * The platform failing mid-dispatch: every Open API call answered HTTP 500 for 5 s, then every call
 * taking 2 s for 5 s (a platform near its timeouts), then healthy again. The sender retries 5xx with
 * backoff under the same uuid, BullMQ retries the job after that; the cards all arrive, each once.
 */
describe('emulator answering 5xx, then slowly, mid-dispatch', () => {
  const world = demoWorld();
  const emu = useEmulator({ apps: [{ ...TEST_APP }], users: world.users, chats: world.chats });
  const db = useTestDb();
  const redis = useTestRedis();
  const dir = useTempDir();
  const errors: unknown[] = [];
  let bot: RunningBot | undefined;
  beforeAll(async () => loadDemoData(db().models, dir(), 2026, DEMO_NOW), 120_000);
  afterAll(async () => bot?.stop());

  it('delivers each task card exactly once after the period', async () => {
    const { models } = db();
    const { drawNo, tasks, cards } = await dispatchedDraw(models, 300, DEMO_NOW);
    const notices = cards + 1;
    const receipts = () => models.Receipt.countDocuments({ kind: 'notice' });
    bot = await startInProcessBot({
      models,
      emu: emu(),
      app: TEST_APP,
      redisUrl: process.env.TEST_REDIS_URL!,
      prefix: redis().prefix,
      now: DEMO_NOW,
      errors,
    });
    const statuses: Record<number, number> = {};
    emu().server.on('request', (req, res) =>
      res.once('finish', () => {
        if (req.url?.startsWith('/open-apis/im/'))
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      }),
    );
    await bot.deps.jobs.enqueue('dispatch', { drawNo });
    await until(async () => (await receipts()) >= 60, 'the first 60 cards sent', 120_000);
    const atFault = await receipts();
    const t0 = Date.now();
    await testApi(emu(), 'POST', 'faults', { errors_for_ms: 5000 });
    await new Promise((r) => setTimeout(r, 5000));
    const afterErrors = await receipts();
    await testApi(emu(), 'POST', 'faults', { latency_ms: 2000 });
    await new Promise((r) => setTimeout(r, 5000));
    const afterSlow = await receipts();
    await testApi(emu(), 'POST', 'faults', { latency_ms: 0 });
    await until(async () => (await receipts()) >= notices, 'every card sent after the faults', 180_000);
    const total = (Date.now() - t0) / 1000;
    await bot.queue.idle(60_000);
    const got = await countTaskCards(emu(), TEST_APP.appId, models, tasks);
    const failed = (await bot.queue.queue.getJobCounts('failed')).failed ?? 0;
    report(
      `emulator 5xx 5 s then 2 s latency 5 s: expected ${got.expected} cards once each; ${atFault} sent before, ` +
        `${afterErrors - atFault} during the 5xx, ${afterSlow - afterErrors} during the slow period; delivered ` +
        `${got.delivered}, duplicates ${got.duplicates}, lost ${got.lost}; all sent ${total.toFixed(1)} s after ` +
        `the faults began; im API answers ${JSON.stringify(statuses)}; failed jobs ${failed}; errors reported ${errors.length}`,
    );
    expect(got).toEqual({ expected: cards, delivered: cards, duplicates: 0, lost: 0 });
    expect(await receipts()).toBe(notices);
    expect(statuses[500]).toBeGreaterThan(0);
    expect(failed).toBe(0);
    expect(errors).toEqual([]);
  });
});
