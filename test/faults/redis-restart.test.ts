import { demoWorld } from '../../emulator/seed';
import type { RunningBot } from '../../src/app/bot';
import { loadDemoData } from '../../src/demo/load-demo';
import { DEMO_NOW } from '../helpers/demo-bot';
import { TEST_APP, useEmulator } from '../helpers/emulator';
import { useTestDb } from '../helpers/services';
import { useTempDir } from '../helpers/sheets';
import {
  countTaskCards,
  dispatchedDraw,
  ownRedis,
  report,
  startInProcessBot,
  until,
  type Restartable,
} from './fault-kit';

/**
 * The bot's Redis (a server of this test's own) killed with SIGKILL and started again while 300 task
 * cards go out. With an append-only file fsynced on every write, the queue comes back whole and the
 * worker carries on. Without persistence the queue comes back empty: the dispatch job and every waiting
 * send are gone, and the bot's reconciliation (src/services/reconcile-dispatches.ts, run at start and on
 * each Redis reconnect) re-queues the dispatch from MongoDB; the receipts skip what was already sent.
 */
describe.each([
  { appendonly: true, label: 'Redis restarted mid-dispatch (appendonly, fsync always)' },
  { appendonly: false, label: 'Redis restarted mid-dispatch (no persistence: queue lost)' },
])('$label', ({ appendonly, label }) => {
  const world = demoWorld();
  const emu = useEmulator({ apps: [{ ...TEST_APP }], users: world.users, chats: world.chats });
  const db = useTestDb();
  const dir = useTempDir();
  const errors: unknown[] = [];
  let redis: Restartable | undefined;
  let bot: RunningBot | undefined;
  beforeAll(async () => {
    redis = await ownRedis({ appendonly });
    await loadDemoData(db().models, dir(), 2026, DEMO_NOW);
  }, 120_000);
  afterAll(async () => {
    await bot?.stop();
    await redis?.dispose();
  });

  it('delivers each task card exactly once', async () => {
    const { models } = db();
    const { drawNo, tasks, cards } = await dispatchedDraw(models, 300, DEMO_NOW);
    const notices = cards + 1;
    const receipts = () => models.Receipt.countDocuments({ kind: 'notice' });
    bot = await startInProcessBot({
      models,
      emu: emu(),
      app: TEST_APP,
      redisUrl: redis!.url,
      prefix: 'faults-redis',
      now: DEMO_NOW,
      errors,
    });
    await bot.deps.jobs.enqueue('dispatch', { drawNo });
    await until(async () => (await receipts()) >= 60, 'the first 60 cards sent', 120_000);
    await redis!.kill('SIGKILL');
    const atKill = await receipts();
    await new Promise((r) => setTimeout(r, 1000));
    await redis!.start();
    const restartedAt = Date.now();
    await until(async () => (await receipts()) >= notices, 'every card sent after the restart', 180_000);
    const recovered = (Date.now() - restartedAt) / 1000;
    await bot.queue.idle(60_000);
    const got = await countTaskCards(emu(), TEST_APP.appId, models, tasks);
    const failed = (await bot.queue.queue.getJobCounts('failed')).failed ?? 0;
    report(
      `${label}: expected ${got.expected} cards once each; Redis killed after ${atKill} sent, down 1 s; ` +
        `delivered ${got.delivered}, duplicates ${got.duplicates}, lost ${got.lost}; rest sent within ` +
        `${recovered.toFixed(1)} s of the restart; failed jobs ${failed}; errors reported ${errors.length}` +
        (errors.length
          ? ` (first: ${String((errors[0] as Error)?.message ?? errors[0]).slice(0, 120)})`
          : ''),
    );
    expect(got).toEqual({ expected: cards, delivered: cards, duplicates: 0, lost: 0 });
    expect(await receipts()).toBe(notices);
  });
});
