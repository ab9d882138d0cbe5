import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { DEMO_APP, demoWorld } from '../../emulator/seed';
import { startEmulator, type Emulator } from '../../emulator/server';
import { connectDb, type Db } from '../../src/adapters/db/connect';
import { openJobQueue, type JobQueue } from '../../src/adapters/queue/job-queue';
import { connectRedis } from '../../src/adapters/queue/redis';
import { loadDemoData } from '../../src/demo/load-demo';
import { DEMO_NOW } from '../helpers/demo-bot';
import {
  countTaskCards,
  dispatchedDraw,
  freePort,
  ownFerretDb,
  ownRedis,
  report,
  startBotProcess,
  type BotProcess,
  type Restartable,
} from './fault-kit';

/**
 * The real bot process (src/bin/bot.ts) killed with SIGKILL while it sends the 300 task cards of one
 * dispatch, then a new process started: the jobs the dead process held are found stalled (their lock
 * lapses after 30 s) and run again; sends already made are skipped by their receipt, and a send made but
 * not yet receipted goes again with the same uuid, which the platform drops. Each card arrives once.
 */
describe('kill -9 of the bot in the middle of a dispatch', () => {
  let emu: Emulator;
  let mongo: Restartable;
  let redis: Restartable;
  let db: Db;
  let producer: Redis;
  let queue: JobQueue;
  const bots: BotProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ssj-faults-kill-'));
  const prefix = 'faults-kill';

  beforeAll(async () => {
    const world = demoWorld();
    emu = await startEmulator({ apps: [{ ...DEMO_APP }], users: world.users, chats: world.chats });
    mongo = await ownFerretDb('faults_kill');
    redis = await ownRedis({ appendonly: false });
    db = await connectDb(mongo.url);
    await loadDemoData(db.models, dir, 2026, DEMO_NOW);
    producer = await connectRedis(redis.url);
    queue = openJobQueue(producer, prefix);
  }, 120_000);
  afterAll(async () => {
    for (const b of bots) await b.kill('SIGKILL');
    await queue?.close();
    producer?.disconnect();
    await db?.close();
    await mongo?.dispose();
    await redis?.dispose();
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Two distinct free ports: the public one and the operators' (the config refuses them equal). */
  const ports = async () => {
    const http = await freePort();
    let ops = await freePort();
    while (ops === http) ops = await freePort();
    return { HTTP_PORT: String(http), OPS_PORT: String(ops) };
  };
  const env = async () => ({
    FEISHU_APP_ID: DEMO_APP.appId,
    FEISHU_APP_SECRET: DEMO_APP.appSecret,
    FEISHU_DOMAIN: emu.url,
    MONGODB_URI: mongo.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    ...(await ports()),
    APP_MODE: 'demo',
    LOG_LEVEL: 'error',
  });

  it('delivers each of 300 task cards exactly once across the crash', async () => {
    const { models } = db;
    const { drawNo, tasks, cards } = await dispatchedDraw(models, 300, DEMO_NOW);
    expect(cards).toBeGreaterThanOrEqual(300);
    const notices = cards + 1; // and the unit's task list
    const receipts = () => models.Receipt.countDocuments({ kind: 'notice' });
    // What the 批准 button queues; the first process takes it.
    await queue.enqueue('dispatch', { drawNo }, `dispatch-${drawNo}`);
    bots.push(startBotProcess(await env()));
    await bots[0]!.until(async () => (await receipts()) >= 60, 'the first 60 cards sent', 120_000);
    await bots[0]!.kill('SIGKILL');
    const atKill = await receipts();
    const killedAt = Date.now();
    expect(atKill).toBeLessThan(notices);

    bots.push(startBotProcess(await env()));
    await bots[1]!.until(
      async () => (await receipts()) >= notices,
      'every card sent by the next process',
      180_000,
    );
    const recovered = (Date.now() - killedAt) / 1000;
    // The job the killed process held is still 'active' until a worker finds it stalled: its lock (30 s)
    // must lapse and BullMQ's stalled check (every 30 s) must see it twice — up to about 90 s after the
    // kill, however early the cards themselves were all sent.
    await queue.idle(120_000);
    const got = await countTaskCards(emu, DEMO_APP.appId, models, tasks);
    const lists = [...emu.state.messages.values()].filter((m) =>
      m.content.includes('检查任务已派发：娱乐场所'),
    ).length;
    report(
      `kill -9 mid-dispatch: expected ${got.expected} cards once each (+1 unit list); killed after ${atKill} sent; ` +
        `delivered ${got.delivered}, duplicates ${got.duplicates}, lost ${got.lost}, unit lists ${lists}; ` +
        `all sent ${recovered.toFixed(1)} s after the kill (stalled jobs wait out their 30 s lock)`,
    );
    expect(got).toEqual({ expected: cards, delivered: cards, duplicates: 0, lost: 0 });
    expect(lists).toBe(1);
    expect(await receipts()).toBe(notices);
    expect(await queue.queue.getJobCounts('failed')).toEqual({ failed: 0 });
  });
});
