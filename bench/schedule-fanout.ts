import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { DEMO_APP } from '../emulator/seed';
import { enqueueScheduleDay } from '../jobs/schedule-trigger';
import { claim } from '../src/adapters/db/claim';
import { connectDb } from '../src/adapters/db/connect';
import type { Models } from '../src/adapters/db/models';
import { QUEUE_NAME } from '../src/adapters/queue/job-queue';
import { connectRedis } from '../src/adapters/queue/redis';
import { startBot } from '../src/app/bot';
import { addWorkdays, isWorkday } from '../src/domain/workdays';
import { cleanUp } from './clean-up';
import { commandTimes } from './command-times';
import { benchUser, startEmulatorProcess } from './emulator-process';
import { addOpenTasks } from '../src/services/open-tasks';
import { upgradeStore } from '../src/services/upgrade-store';

/**
 * One benchmark step in its own process: the reminder fan-out of one morning. 10,000 open tasks (five
 * draws of 2,000) over 2,000 inspectors, two to a task, deadlines today and 1, 3 and 7 working days on,
 * so every task is due a reminder today; each inspector gets one digest listing 10 tasks. The people are
 * linked to their Feishu accounts (as a dispatch leaves them); the month's summary counts as sent.
 * The day's planning job is enqueued as the clock would, then timed: planning (enqueue → job done), and
 * the send phase as the platform saw it (first to last digest), against the emulator's limits for an
 * app's sends (Feishu's: 50 a second and 1,000 a minute, both sliding). Every digest is counted: one per
 * inspector, none lost or doubled, and the emulator's 429s. Prints one JSON line.
 */
const DAY = '2026-11-25';
const NOW = new Date(`${DAY}T01:30:00Z`); // 09:30 Beijing
const TASKS = Number(process.env.BENCH_FANOUT_TASKS ?? 10_000);
const INSPECTORS = Number(process.env.BENCH_FANOUT_INSPECTORS ?? 2_000);
const PER_DRAW = 2_000;
/** How long the send phase is watched at most: a whole fan-out at the platform's limits takes 81 s. */
const WINDOW_SECONDS = Number(process.env.BENCH_FANOUT_WINDOW_SECONDS ?? 150);
const LIMITS = { perSecond: 50, perMinute: 1_000 };

/** The fastest `n` sends can go under both sliding windows, first to last, in seconds. */
export function minimumSeconds(n: number, limits = LIMITS): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++)
    t.push(
      Math.max(
        i > 0 ? t[i - 1]! : 0,
        i >= limits.perSecond ? t[i - limits.perSecond]! + 1000 : 0,
        i >= limits.perMinute ? t[i - limits.perMinute]! + 60_000 : 0,
      ),
    );
  return (t[n - 1] ?? 0) / 1000;
}

/** The morning's data: `INSPECTORS` people linked to their Feishu accounts, `TASKS` open tasks due a reminder on DAY. */
export async function seedFanout(models: Models): Promise<void> {
  const by = { createdBy: 'system:bench', updatedBy: 'system:bench' };
  const people = Array.from({ length: INSPECTORS }, (_, i) => {
    const u = benchUser(i);
    return {
      ...by,
      key: `badge:BENCH${String(i).padStart(5, '0')}`,
      name: u.name,
      badgeNo: `BENCH${String(i).padStart(5, '0')}`,
      unitName: '治安大队',
      roles: ['inspector'],
      mobile: u.mobile,
      feishuOpenId: u.openId,
    };
  });
  await models.Person.insertMany(people);
  const deadlines = [0, 1, 3, 7].map((n) => addWorkdays(DAY, n));
  const tasks = Array.from({ length: TASKS }, (_, i) => {
    const drawNo = `CC2026-${String(Math.floor(i / PER_DRAW) + 1).padStart(2, '0')}-R1-01`;
    const taskNo = `${drawNo}-${String((i % PER_DRAW) + 1).padStart(4, '0')}`;
    return {
      ...by,
      _id: taskNo,
      taskNo,
      drawNo,
      year: 2026,
      itemCode: `bench-item-${Math.floor(i / PER_DRAW) + 1}`,
      itemName: `基准测试事项${Math.floor(i / PER_DRAW) + 1}`,
      round: 1,
      unitName: '治安大队',
      targetCreditCode: `91410381MA${String(i).padStart(8, '0')}`,
      targetName: `偃师区基准测试单位${i}`,
      targetAddress: `偃师区测试路${i}号`,
      inspectorKeys: [people[i % INSPECTORS]!.key, people[(i + INSPECTORS / 2) % INSPECTORS]!.key],
      deadline: deadlines[i % deadlines.length]!,
      status: 'open',
      dispatchedOn: '2026-11-02',
    };
  });
  for (let i = 0; i < tasks.length; i += 1000) {
    await models.Task.insertMany(tasks.slice(i, i + 1000));
    await addOpenTasks(models, tasks.slice(i, i + 1000)); // as a dispatch does
  }
}

type Msg = {
  msg_type: string;
  chat_id: string;
  create_time: string;
  content: { header?: { title?: { content?: string } } };
};

async function main(): Promise<void> {
  if (!isWorkday(DAY)) throw new Error(`${DAY} is not a working day`);
  const emulator = await startEmulatorProcess(INSPECTORS);
  const db = await connectDb(process.env.MONGODB_URI!, `bench_${randomBytes(4).toString('hex')}`, {
    monitorCommands: true,
  });
  const commands = commandTimes(db.conn);
  const prefix = `bench-${randomBytes(4).toString('hex')}-`;
  const { models } = db;
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  const errors: unknown[] = [];
  let result: string | undefined;
  const phase = (what: string) => console.error(`bench fan-out: ${what}`);
  try {
    // The database as a bot's first start leaves it (its one-time upgrades done on the empty store), then
    // the work seeded as dispatches would have written it: otherwise the bot's start rebuilt the open-task
    // ledger from the 10,000 tasks one upsert at a time (minutes on FerretDB), measuring a migration.
    await upgradeStore(models, NOW);
    const t = performance.now();
    await seedFanout(models);
    phase(
      `${TASKS} tasks and ${INSPECTORS} people stored in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    // The month's summary went out on its first working day: today is reminders only.
    await claim(models, `schedule:summary-${DAY.slice(0, 7)}`, 'schedule', NOW);

    bot = await startBot({
      models,
      app: { appId: DEMO_APP.appId, appSecret: DEMO_APP.appSecret, domain: emulator.url },
      redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix },
      onError: (err) => void (errors.push(err) < 4 && console.error('bot error:', err)),
      now: () => NOW,
    });
    const { queue } = bot.queue;
    const before = await emulator.statuses();

    commands.reset();
    const t0 = performance.now();
    await enqueueScheduleDay(bot.deps.jobs, NOW);
    const planJob = `schedule-${DAY}`;
    for (;;) {
      const job = await queue.getJob(planJob);
      const state = job ? await job.getState() : 'missing';
      if (state === 'completed') break;
      if (state === 'failed') throw new Error(`planning failed: ${job!.failedReason}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const planSeconds = (performance.now() - t0) / 1000;
    const job = (await queue.getJob(planJob))!;
    const planned = (job.returnvalue as { sends: number }).sends;
    const planWorkerSeconds = (job.finishedOn! - job.processedOn!) / 1000;
    phase(`planned ${planned} sends in ${planSeconds.toFixed(1)} s`);
    const planCommands = commands.top(5);
    commands.reset();

    // The send phase, observed for at most WINDOW_SECONDS (the whole fan-out if it is done by then):
    // then the bot stops, letting its running sends finish, and what was sent is checked.
    let complete = false;
    for (const end = Date.now() + WINDOW_SECONDS * 1000; Date.now() < end;) {
      const c = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      if ((complete = Object.values(c).every((n) => n === 0))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const sendCommands = commands.top(6);
    const running = bot;
    bot = undefined;
    await running.stop();
    // Counted after the stop (its last sends finished), on a connection of its own.
    const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const counts = await new Queue(QUEUE_NAME, { connection: redis, prefix }).getJobCounts(
      'completed',
      'failed',
    );
    redis.disconnect();
    const after = await emulator.statuses();
    const digests = (await emulator.api<Msg[]>('GET', 'messages')).filter(
      (m) => m.msg_type === 'interactive' && m.content.header?.title?.content?.startsWith('检查任务到期提醒'),
    );
    const times = digests.map((m) => Number(m.create_time)).sort((a, b) => a - b);
    const sendSeconds = (times[times.length - 1]! - times[0]!) / 1000;
    // Per 10 s of the send phase: where the rate goes.
    const buckets: number[] = [];
    for (const x of times)
      buckets[Math.floor((x - times[0]!) / 10_000)] =
        (buckets[Math.floor((x - times[0]!) / 10_000)] ?? 0) + 1;
    phase(`digests per 10 s: ${Array.from(buckets, (n) => n ?? 0).join(' ')}`);
    const receipts = await models.Receipt.countDocuments({ kind: 'schedule' });
    const delta = (s: string) => (after[s] ?? 0) - (before[s] ?? 0);
    result = JSON.stringify({
      tasks: TASKS,
      inspectors: INSPECTORS,
      planned,
      planSeconds,
      planWorkerSeconds,
      digests: digests.length,
      recipients: new Set(digests.map((m) => m.chat_id)).size,
      receipts: receipts - 1,
      sendSeconds,
      complete,
      remaining: planned - digests.length,
      projectedSeconds: (planned * sendSeconds) / Math.max(1, digests.length - 1),
      rate: (digests.length - 1) / sendSeconds,
      minimumSeconds: minimumSeconds(digests.length),
      minimumSecondsAll: minimumSeconds(planned),
      responses429: delta('429'),
      responses400: delta('400'),
      responses5xx: Object.keys(after)
        .filter((s) => s >= '500')
        .reduce((a, s) => a + delta(s), 0),
      completedJobs: counts.completed ?? 0,
      failedJobs: counts.failed ?? 0,
      errors: errors.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      commands: { plan: planCommands, send: sendCommands },
    });
  } finally {
    await cleanUp({ bot, prefix, db, stopEmulator: () => emulator.stop() });
  }
  // Last, after the bot's own shutdown logging: the parent reads the final line.
  if (result) console.log(result);
}
if (require.main === module)
  main().catch((err) => {
    console.error('bench schedule-fanout failed:', err);
    process.exit(1);
  });
