import { openJobQueue, type JobQueue } from '../../src/adapters/queue/job-queue';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../src/adapters/queue/redis';
import { useDemoBot } from '../helpers/demo-bot';
import { chatAs, taskCardsPerInspector, title, untilDispatched } from '../helpers/chat';
import { metricValue } from '../helpers/metric-value';
import { openIdOf, testApi } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- the test API's answers are read loosely, as a client would */

describe('graceful shutdown with a dispatch in flight', () => {
  const { emu, db, bot, errors, redisPrefix, restart } = useDemoBot({
    extraUsers: [{ name: '访客', mobile: '13800000000' }],
  });
  let redis: Redis | undefined;
  let queue: JobQueue | undefined;
  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
  });

  const { say, cardsOf, cardTitled, press } = chatAs(emu);

  it('stops taking events, finishes running jobs, leaves the rest to the next process, which sends each once', async () => {
    const { models } = db();
    await say('彭世杰', '/抽查 娱乐');
    await press('彭世杰', await cardTitled('彭世杰', '抽取发起：娱乐场所'), '提交审批');
    const approval = await cardTitled('赵晓辉', '待审批：娱乐场所');

    // Every Open API call takes 300 ms: the dispatch's cards are still going out when the process is told to stop.
    await testApi(emu(), 'POST', 'faults', { latency_ms: 300 });
    expect((await press('赵晓辉', approval, '批准', { phrase: '停机 测试 批准' })).toast.type).toBe(
      'success',
    );
    await untilDispatched(models);
    const draw = (await models.Draw.findOne({}).lean())!;
    const tasks = await models.Task.find({ drawNo: draw.drawNo }).lean();
    const notices = 1 + 2 * tasks.length;
    expect(notices).toBeGreaterThan(8); // more than one worker's concurrency: some must wait
    await waitFor(
      async () => (await models.Receipt.countDocuments({ kind: 'notice' })) > 0,
      'first notice sent',
    );

    const visitor = await openIdOf(emu(), '访客');
    const first = bot();
    const stopping = first.stop();
    await new Promise((r) => setImmediate(r));
    const eventsBefore = await metricValue(first.deps.metrics!, 'ssj_events_total');
    // A message while stopping: not taken (the platform keeps it and delivers it again later).
    const late = await testApi<any>(emu(), 'POST', 'messages', { open_id: visitor, text: '/帮助' });
    await stopping;
    expect(late.deliveries[0].acknowledged).toBe(false);
    expect(await metricValue(first.deps.metrics!, 'ssj_events_total')).toBe(eventsBefore);
    expect((await cardsOf('访客')).length).toBe(0);

    // Jobs that were running finished (none failed or was cut off); the rest wait in Redis.
    redis = await connectRedis(process.env.TEST_REDIS_URL!);
    queue = openJobQueue(redis, redisPrefix());
    const counts = await queue.queue.getJobCounts('active', 'waiting', 'delayed', 'failed', 'completed');
    expect(counts).toMatchObject({ active: 0, failed: 0 });
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0)).toBeGreaterThan(0);
    const sentByFirst = await metricValue(first.deps.metrics!, 'ssj_jobs_seconds_count', {
      name: 'send',
      outcome: 'ok',
    });
    expect(sentByFirst).toBeGreaterThan(0);
    expect(sentByFirst).toBeLessThan(notices);
    expect(await metricValue(first.deps.metrics!, 'ssj_jobs_seconds_count', { outcome: 'retry' })).toBe(0);
    expect(await models.Receipt.countDocuments({ kind: 'notice' })).toBe(sentByFirst);

    // The next process sends the rest, and nobody gets a card twice.
    await testApi(emu(), 'POST', 'faults', { latency_ms: 0 });
    await restart({ loseRedis: false });
    await bot().queue.idle(30_000);
    expect(
      await metricValue(bot().deps.metrics!, 'ssj_jobs_seconds_count', { name: 'send', outcome: 'ok' }),
    ).toBe(notices - sentByFirst);
    expect(await models.Receipt.countDocuments({ kind: 'notice' })).toBe(notices);
    for (const [got, expected] of await taskCardsPerInspector(models, cardsOf, tasks))
      expect(got).toEqual(expected);
    expect((await cardsOf('彭世杰')).filter((m) => title(m) === '检查任务已派发：娱乐场所')).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 90_000);
});
