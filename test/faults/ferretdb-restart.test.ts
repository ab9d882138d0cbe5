import { demoWorld } from '../../emulator/seed';
import { connectDb, type Db } from '../../src/adapters/db/connect';
import type { RunningBot } from '../../src/app/bot';
import { loadDemoData } from '../../src/demo/load-demo';
import { DEMO_NOW } from '../helpers/demo-bot';
import { TEST_APP, useEmulator } from '../helpers/emulator';
import { useTestRedis } from '../helpers/services';
import { useTempDir } from '../helpers/sheets';
import {
  countTaskCards,
  dispatchedDraw,
  ownFerretDb,
  report,
  startInProcessBot,
  until,
  type Restartable,
} from './fault-kit';

/**
 * The bot's FerretDB (a launcher of this test's own, on a fixed port and data directory) killed with
 * SIGKILL and started again while 300 task cards go out. Mongoose reconnects to the same URI; jobs that
 * failed meanwhile (a receipt not read or not written) are retried by BullMQ with backoff, and a send
 * repeated because its receipt was not written carries the same uuid, which the platform drops.
 */
describe('FerretDB restarted mid-dispatch', () => {
  const world = demoWorld();
  const emu = useEmulator({ apps: [{ ...TEST_APP }], users: world.users, chats: world.chats });
  const redis = useTestRedis();
  const dir = useTempDir();
  const errors: unknown[] = [];
  let mongo: Restartable | undefined;
  let db: Db | undefined;
  let bot: RunningBot | undefined;
  beforeAll(async () => {
    mongo = await ownFerretDb('faults_ferretdb');
    db = await connectDb(mongo.url);
    await loadDemoData(db.models, dir(), 2026, DEMO_NOW);
  }, 120_000);
  afterAll(async () => {
    await bot?.stop();
    await db?.close();
    await mongo?.dispose();
  });

  it('delivers each task card exactly once', async () => {
    const { models } = db!;
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
    await bot.deps.jobs.enqueue('dispatch', { drawNo });
    await until(async () => (await receipts()) >= 60, 'the first 60 cards sent', 120_000);
    await mongo!.kill('SIGKILL');
    const sentWhileDown = () =>
      [...emu().state.messages.values()].filter((m) => m.content.includes('检查任务：')).length;
    const atKill = sentWhileDown();
    await new Promise((r) => setTimeout(r, 3000));
    const duringOutage = sentWhileDown() - atKill;
    await mongo!.start();
    const restartedAt = Date.now();
    await until(async () => (await receipts()) >= notices, 'every card sent after the restart', 180_000);
    const recovered = (Date.now() - restartedAt) / 1000;
    await bot.queue.idle(120_000);
    const got = await countTaskCards(emu(), TEST_APP.appId, models, tasks);
    const failed = (await bot.queue.queue.getJobCounts('failed')).failed ?? 0;
    const retried = (await bot.deps.metrics!.registry.getMetricsAsJSON())
      .find((m) => m.name === 'ssj_jobs_seconds')
      ?.values.filter(
        (v) =>
          (v as { metricName?: string }).metricName === 'ssj_jobs_seconds_count' &&
          v.labels.outcome === 'retry',
      )
      .reduce((n, v) => n + v.value, 0);
    report(
      `FerretDB restarted mid-dispatch: expected ${got.expected} cards once each; killed with ${atKill} cards out, ` +
        `down 3 s (${duringOutage} more sent meanwhile); delivered ${got.delivered}, duplicates ${got.duplicates}, ` +
        `lost ${got.lost}; rest sent within ${recovered.toFixed(1)} s of the restart; job attempts retried ` +
        `${retried ?? 0}, failed jobs ${failed}; errors reported ${errors.length}`,
    );
    expect(got).toEqual({ expected: cards, delivered: cards, duplicates: 0, lost: 0 });
    expect(await receipts()).toBe(notices);
    expect(failed).toBe(0);
  });
});
