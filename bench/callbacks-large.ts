import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_APP } from '../emulator/seed';
import { connectDb } from '../src/adapters/db/connect';
import { startBot } from '../src/app/bot';
import { loadDemoData } from '../src/demo/load-demo';
import { cleanUp } from './clean-up';
import { clickStorm } from './click-storm';
import { startEmulatorProcess } from './emulator-process';
import { startJobsProcess } from './jobs-process';
import { insertPool } from './pool';
import { refreshPool } from '../src/services/pool-snapshots';
import { allTargets } from '../src/services/target-registry';

/**
 * One benchmark step in its own process: the card callbacks that start heavy work, with a pool of
 * 100,000 旅馆业 targets, at 200 clicks a second for 10 s each, against the emulator process. As a
 * deployment with a large pool runs it (docs/deploy.md), the bot taking the clicks has `role: 'events'`
 * and the jobs run in a process of their own:
 *  1. 发起抽取 on the item choice card: the first click queues the proposal (reading the pool's snapshot,
 *     built after the targets were written as an import's job builds it, in the background), every later
 *     one finds it under way or open and answers at once;
 *  2. 批准 on the leader's approval card: the first click decides, the selection and 10,000 tasks follow in
 *     the `dispatch` job while later clicks (a double click, another copy) are answered.
 * Prints one JSON line.
 */
const NOW = new Date('2026-11-26T02:00:00Z');
const POOL = Number(process.env.BENCH_LARGE_POOL ?? 100_000);
const RATE = Number(process.env.BENCH_CALLBACK_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_LARGE_SECONDS ?? 10);

async function main(): Promise<void> {
  const emu = await startEmulatorProcess();
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  const db = await connectDb(process.env.MONGODB_URI!, dbName);
  const prefix = `bench-${randomBytes(4).toString('hex')}-`;
  const dir = mkdtempSync(join(tmpdir(), 'ssj-bench-large-'));
  const { models } = db;
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  let jobs: Awaited<ReturnType<typeof startJobsProcess>> | undefined;
  let errors = 0;
  let result: string | undefined;
  const phase = (what: string) => console.error(`bench callbacks-large: ${what}`);
  try {
    const users = await emu.api<{ name: string; openId: string }[]>('GET', 'users');
    const openId = (name: string) => users.find((u) => u.name === name)!.openId;
    type Msg = {
      message_id: string;
      msg_type: string;
      content: { header?: { title?: { content?: string } } };
    };
    const cards = async (name: string) =>
      (await emu.api<Msg[]>('GET', `messages?open_id=${openId(name)}`)).filter(
        (m) => m.msg_type === 'interactive',
      );
    const until = async (check: () => Promise<boolean>, what: string, ms = 300_000) => {
      for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 100)))
        if (Date.now() > end) throw new Error(`bench: ${what} not reached`);
    };
    const titled = async (name: string, t: string) => {
      const find = async () => (await cards(name)).find((m) => m.content.header?.title?.content === t);
      await until(async () => (await find()) !== undefined, t);
      return (await find())!;
    };
    const click = (name: string, messageId: string, value: unknown, form?: Record<string, unknown>) =>
      emu.api<{ ok: boolean; toast?: { type: string } }>('POST', 'card-actions', {
        open_id: openId(name),
        message_id: messageId,
        value,
        ...(form ? { form_value: form } : {}),
      });

    await loadDemoData(models, dir, 2026, NOW);
    const hotels = (await allTargets(models)).filter((t) => t.itemCodes.includes('hotels')).length;
    await insertPool(models, 'hotels', POOL - hotels);
    // As an import leaves the pool: its `refresh-pool` job builds the snapshot once the targets are
    // written (2–3 s of FerretDB's CPU), so the proposal reads it (README, Benchmarks, for a stale one).
    await refreshPool(models, 'hotels');
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    jobs = await startJobsProcess({
      mongoUri: process.env.MONGODB_URI!,
      dbName,
      redisUrl,
      prefix,
      emulatorUrl: emu.url,
      now: NOW.toISOString(),
      nice: 10,
    });
    bot = await startBot({
      models,
      app: { appId: DEMO_APP.appId, appSecret: DEMO_APP.appSecret, domain: emu.url },
      redis: { url: redisUrl, prefix },
      onError: (err) => void (errors++ < 3 && console.error('bot error:', err)),
      now: () => NOW,
      role: 'events',
    });
    phase(`bot started, ${POOL} targets`);

    await emu.api('POST', 'messages', { open_id: openId('彭世杰'), text: '/抽查 特种行业' });
    const choice = await titled('彭世杰', '选择抽查事项');
    const start = { action: 'draw.start', item: 'hotels' };
    const propose = await clickStorm(RATE, SECONDS, () => click('彭世杰', choice.message_id, start));
    phase(`发起抽取: p99 ${propose.p99.toFixed(0)} ms`);
    const preview = await titled('彭世杰', '抽取发起：旅馆业');
    const proposedAt = performance.now();
    const drawNo = (await models.Draw.findOne({ itemCode: 'hotels' }).lean())!.drawNo;
    await click('彭世杰', preview.message_id, { action: 'draw.submit', drawNo });
    const approval = await titled('赵晓辉', '待审批：旅馆业');
    phase(`approval card after ${((performance.now() - proposedAt) / 1000).toFixed(1)} s`);
    const approve = await clickStorm(RATE, SECONDS, () =>
      click(
        '赵晓辉',
        approval.message_id,
        { action: 'draw.approve', drawNo },
        { phrase: '基准 大名录 批准' },
      ),
    );
    phase(`批准: p99 ${approve.p99.toFixed(0)} ms`);
    await until(
      async () => (await models.Draw.findOne({ drawNo }).lean())!.status === 'dispatched',
      'dispatched',
    );
    result = JSON.stringify({
      pool: POOL,
      tasks: await models.Task.countDocuments({ drawNo }),
      propose,
      approve,
      errors,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
  } finally {
    await jobs?.stop();
    await cleanUp({ bot, prefix, db, stopEmulator: () => emu.stop(), dir });
  }
  if (result) console.log(result);
}
main().catch((err) => {
  console.error('bench callbacks-large failed:', err);
  process.exit(1);
});
