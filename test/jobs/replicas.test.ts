import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { startBot, type RunningBot } from '../../src/app/bot';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, TEST_APP, type SentMessage } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const title = (m: SentMessage) => ((m.content as any).header?.title?.content ?? '') as string;

/**
 * Scale-out (docs/deploy.md): two whole bots — each with its long connection, worker and trigger — on one
 * database and one Redis. The platform hands each event to one connection at random, and with
 * redeliveries switched on the same event reaches both: every message is answered once, a click changes
 * the draw once, and the day's schedule is planned once however many replicas enqueue it.
 */
describe('two replicas of the bot on one MongoDB and one Redis', () => {
  let clock = DEMO_NOW;
  const { emu, db, errors, bot, redisPrefix } = useDemoBot({ now: () => clock });
  let second: RunningBot | undefined;
  afterAll(async () => {
    await second?.stop();
  });
  afterEach(() => expect(errors).toEqual([]));

  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const cards = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
      (m) => m.msg_type === 'interactive',
    );

  beforeAll(async () => {
    second = await startBot({
      models: db().models,
      app: { appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, domain: emu().url },
      redis: { url: process.env.TEST_REDIS_URL!, prefix: redisPrefix() },
      onError: (e) => errors.push(e),
      now: () => clock,
    });
    // Every event three times (two redeliveries), each time to a replica picked at random.
    await testApi(emu(), 'POST', 'faults', { duplicate_deliveries: 2 });
  }, 60_000);

  it('answers each of 20 messages once, though each reached the replicas three times', async () => {
    for (let i = 0; i < 20; i++) await say('彭世杰', `/帮助 ${i}`);
    await waitFor(async () => (await cards('彭世杰')).length >= 20, '20 answers');
    await new Promise((r) => setTimeout(r, 500)); // a late duplicate answer would show by now
    const answers = await cards('彭世杰');
    expect(answers).toHaveLength(20);
    // Both replicas took deliveries, and between them answered each message once.
    const handled = async (b: RunningBot) =>
      (await b.deps.metrics!.events.get()).values
        .filter((v) => v.labels.type === 'message')
        .reduce((n, v) => n + v.value, 0);
    const [a, b] = [await handled(bot()), await handled(second!)];
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const ok = async (r: RunningBot) =>
      (await r.deps.metrics!.events.get()).values.find(
        (v) => v.labels.type === 'message' && v.labels.outcome === 'ok',
      )?.value ?? 0;
    expect((await ok(bot())) + (await ok(second!))).toBe(20);
    // The redeliveries were taken too, and recognised as such (by whichever replica got them).
    const duplicate = async (r: RunningBot) =>
      (await r.deps.metrics!.events.get()).values.find(
        (v) => v.labels.type === 'message' && v.labels.outcome === 'duplicate',
      )?.value ?? 0;
    expect((await duplicate(bot())) + (await duplicate(second!))).toBe(40);
  });

  it('changes a draw once for a click delivered three times, whichever replicas take it', async () => {
    await say('彭世杰', '/抽查 娱乐场所');
    await waitFor(
      async () => (await cards('彭世杰')).some((m) => title(m) === '抽取发起：娱乐场所'),
      'the preview',
    );
    const preview = (await cards('彭世杰')).find((m) => title(m) === '抽取发起：娱乐场所')!;
    const { models } = db();
    const drawNo = (await models.Draw.findOne({ itemCode: 'entertainment' }).lean())!.drawNo;
    const answer = await testApi<any>(emu(), 'POST', 'card-actions', {
      open_id: await openIdOf(emu(), '彭世杰'),
      message_id: preview.message_id,
      value: { action: 'draw.submit', drawNo },
    });
    expect(answer.toast?.content).toBe('已提交，等待赵晓辉审批');
    await waitFor(
      async () => (await cards('赵晓辉')).some((m) => title(m) === '待审批：娱乐场所'),
      'the approval card',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await cards('赵晓辉')).filter((m) => title(m) === '待审批：娱乐场所')).toHaveLength(1);
    expect(await models.AuditEntry.countDocuments({ action: 'draw.submitted', subject: drawNo })).toBe(1);
  });

  it('plans the day once when both replicas enqueue it, and sends each card once', async () => {
    clock = new Date('2026-12-23T01:30:00Z'); // the draw prompts of the December rounds
    const before = (await cards('彭世杰')).filter((m) => title(m).startsWith('请发起抽取')).length;
    await Promise.all([
      enqueueScheduleDay(bot().deps.jobs, clock),
      enqueueScheduleDay(second!.deps.jobs, clock),
    ]);
    await bot().queue.idle(60_000);
    const prompts = (await cards('彭世杰')).filter((m) => title(m).startsWith('请发起抽取'));
    expect(prompts.length).toBeGreaterThan(before);
    // One card per prompt the audit log records (民用爆炸物品 has two rounds, hence two cards of one title).
    expect(prompts.length - before).toBe(
      await db().models.AuditEntry.countDocuments({
        action: 'schedule.draw-prompt',
        'details.to': 'name:彭世杰',
      }),
    );
    const planned = await bot().queue.queue.getJobs(['completed'], 0, 100);
    expect(planned.filter((j) => j.name === 'schedule')).toHaveLength(1);
  });
});
