import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_APP } from '../emulator/seed';
import { connectDb } from '../src/adapters/db/connect';
import { startBot } from '../src/app/bot';
import { loadDemoData } from '../src/demo/load-demo';
import { cleanUp } from './clean-up';
import { plainTargets } from '../src/demo/demo-pools';
import { writeTargetChanges } from '../src/services/pool-writes';
import { allTargets } from '../src/services/target-registry';
import { clickStorm } from './click-storm';
import { startEmulatorProcess } from './emulator-process';
import { minimumSeconds } from './schedule-fanout';

/**
 * One benchmark step in its own process: the bot against the emulator (its own process, with Feishu's
 * real rate limits) on MONGODB_URI and the local Redis.
 *  1. dispatch: 250 tasks × 2 inspectors = 500 task cards (+1 unit list) after one approval, timed from
 *     the click to the last card, and first card to last as the platform saw them (compared with the
 *     fastest the platform's limits allow); every card counted.
 *  2. callbacks: 200 clicks a second for 30 s on the task cards, round-robin over every inspector's card
 *     (填报检查结果: a claim, a few reads, the form card in the answer); latency as the clicking user's
 *     client sees it.
 * Prints one JSON line.
 */
const NOW = new Date('2026-11-26T02:00:00Z');
const CALLBACK_RATE = Number(process.env.BENCH_CALLBACK_RATE ?? 200);
const CALLBACK_SECONDS = Number(process.env.BENCH_CALLBACK_SECONDS ?? 30);

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess();
  const { api } = emulator;
  const users = await api<{ name: string; openId: string }[]>('GET', 'users');
  const openId = (name: string) => users.find((u) => u.name === name)!.openId;
  type Msg = {
    message_id: string;
    msg_type: string;
    create_time: string;
    content: { header?: { title?: { content?: string } } };
  };
  const cards = async (name: string) =>
    (await api<Msg[]>('GET', `messages?open_id=${openId(name)}`)).filter((m) => m.msg_type === 'interactive');
  const until = async (check: () => Promise<boolean>, what: string, ms = 120_000) => {
    for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 50)))
      if (Date.now() > end) throw new Error(`bench: ${what} not reached`);
  };
  const titled = async (name: string, t: string) => {
    await until(async () => (await cards(name)).some((m) => m.content.header?.title?.content === t), t);
    return (await cards(name)).find((m) => m.content.header?.title?.content === t)!;
  };

  const db = await connectDb(process.env.MONGODB_URI!, `bench_${randomBytes(4).toString('hex')}`);
  const prefix = `bench-${randomBytes(4).toString('hex')}-`;
  const dir = mkdtempSync(join(tmpdir(), 'ssj-bench-chat-'));
  const { models } = db;
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  let errors = 0;
  let result: string | undefined;
  const phase = (what: string) => console.error(`bench chat: ${what}`);
  try {
    await loadDemoData(models, dir, 2026, NOW);
    // 500 娱乐场所 in all (50 % → 250 tasks): the demo pool topped up with plain targets.
    const have = (await allTargets(models)).filter(
      (t) => t.itemCodes.includes('entertainment') && t.status === 'open',
    ).length;
    const extra = plainTargets({
      itemCode: 'entertainment',
      count: 500 - have,
      from: 900_000,
      prefix: '91410381MA',
      name: '偃师区基准测试歌城',
    });
    await writeTargetChanges(models, extra, 'bench', NOW);
    bot = await startBot({
      models,
      app: { appId: DEMO_APP.appId, appSecret: DEMO_APP.appSecret, domain: emulator.url },
      redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix },
      onError: (err) => void (errors++ < 3 && console.error('bot error:', err)),
      now: () => NOW,
    });

    phase('bot started');
    await api('POST', 'messages', { open_id: openId('彭世杰'), text: '/抽查 娱乐场所' });
    const preview = await titled('彭世杰', '抽取发起：娱乐场所');
    const click = (name: string, messageId: string, value: unknown, form?: Record<string, unknown>) =>
      api<{ ok: boolean; toast?: { type: string } }>('POST', 'card-actions', {
        open_id: openId(name),
        message_id: messageId,
        value,
        ...(form ? { form_value: form } : {}),
      });
    const drawNo = (await models.Draw.findOne({}).lean())!.drawNo;
    await click('彭世杰', preview.message_id, { action: 'draw.submit', drawNo });
    const approval = await titled('赵晓辉', '待审批：娱乐场所');
    phase('approval card received');
    const t0 = performance.now();
    await click(
      '赵晓辉',
      approval.message_id,
      { action: 'draw.approve', drawNo },
      { phrase: '基准 审批 随机码' },
    );
    // The approval answers at once; the tasks follow in the `dispatch` job.
    await until(
      async () => (await models.Draw.findOne({ drawNo }).lean())!.status === 'dispatched',
      'the draw dispatched',
    );
    const tasks = await models.Task.find({ drawNo }).lean();
    const expected = 1 + tasks.reduce((a, t) => a + t.inspectorKeys.length, 0);
    await until(
      async () => (await models.Receipt.countDocuments({ kind: 'notice' })) >= expected,
      'all notices',
    );
    const dispatchSeconds = (performance.now() - t0) / 1000;
    phase(`dispatched in ${dispatchSeconds.toFixed(1)} s`);
    // Count what users actually got: one card per inspector per task, one list.
    const people = await models.Person.find({ key: { $in: tasks.flatMap((t) => t.inspectorKeys) } }).lean();
    let delivered = 0;
    let duplicated = 0;
    const sentAt: number[] = [];
    for (const p of people) {
      const mine = (await cards(p.name)).filter((m) =>
        m.content.header?.title?.content?.startsWith('检查任务：'),
      );
      const titles = mine.map((m) => m.content.header!.title!.content);
      delivered += mine.length;
      duplicated += titles.length - new Set(titles).size;
      sentAt.push(...mine.map((m) => Number(m.create_time)));
    }
    const lists = (await cards('彭世杰')).filter(
      (m) => m.content.header?.title?.content === '检查任务已派发：娱乐场所',
    );
    delivered += lists.length;
    sentAt.push(...lists.map((m) => Number(m.create_time)));
    // The send phase as the platform saw it: first card to last.
    const sendSeconds = (Math.max(...sentAt) - Math.min(...sentAt)) / 1000;

    // Callbacks: 200/s for 30 s, round-robin over every inspector's task card (as many users would click).
    const targets: { name: string; messageId: string; taskNo: string }[] = [];
    for (const p of people)
      for (const m of await cards(p.name)) {
        const title = m.content.header?.title?.content ?? '';
        const task = tasks.find(
          (t) => title === `检查任务：${t.targetName}` && t.inspectorKeys.includes(p.key),
        );
        if (task) targets.push({ name: p.name, messageId: m.message_id, taskNo: task.taskNo });
      }
    // Steady state: the dispatch's remaining background jobs (card records, list refreshes) done first.
    await until(async () => {
      const c = await bot!.queue.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      return Object.values(c).every((n) => n === 0);
    }, 'an idle queue');
    const storm = await clickStorm(CALLBACK_RATE, CALLBACK_SECONDS, (i) => {
      const on = targets[i % targets.length]!;
      return click(on.name, on.messageId, { action: 'report.open', taskNo: on.taskNo });
    });
    result = JSON.stringify({
      cards: expected,
      delivered,
      duplicated,
      dispatchSeconds,
      sendSeconds,
      minimumSeconds: minimumSeconds(expected),
      ...storm,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
  } finally {
    await cleanUp({ bot, prefix, db, stopEmulator: () => emulator.stop(), dir });
  }
  // Last, after the bot's own shutdown logging: the parent reads the final line.
  if (result) console.log(result);
}
main().catch((err) => {
  console.error('bench chat failed:', err);
  process.exit(1);
});
