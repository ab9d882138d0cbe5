import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { fileReport, reviewReport } from '../../src/services/reports';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';
import { demoDraw, plainInspectorOf, REPORT_FORM } from '../helpers/publications';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const title = (m: SentMessage) => ((m.content as any).header?.title?.content ?? '') as string;
/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * 一公开 in chat: the unit's 责任人 sees the reviewed results waiting for 公示 and publishes them from the
 * card; others are refused; the schedule reminds before the 20-working-day deadline and escalates up to
 * the office with 加急 past it.
 */
describe('/公示 and the 公示 deadline', () => {
  let clock = DEMO_NOW;
  const { emu, db, errors, bot } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const cards = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
      (m) => m.msg_type === 'interactive',
    );
  const waitCard = async (name: string, prefix: string, n = 1) => {
    try {
      await waitFor(
        async () => (await cards(name)).filter((m) => title(m).startsWith(prefix)).length >= n,
        `${name}: ${prefix}`,
      );
    } catch (err) {
      // Say where the event went (delivered? acknowledged?) and what the bot reported.
      const deliveries = await testApi<unknown[]>(emu(), 'GET', 'deliveries');
      throw new Error(
        `${(err as Error).message}; last deliveries ${JSON.stringify(deliveries.slice(-4))}; errors ${JSON.stringify(errors.map(String))}`,
        { cause: err },
      );
    }
    return (await cards(name)).filter((m) => title(m).startsWith(prefix)).at(-1)!;
  };
  const click = async (name: string, m: SentMessage, value: Record<string, unknown>) =>
    testApi<any>(emu(), 'POST', 'card-actions', {
      open_id: await openIdOf(emu(), name),
      message_id: m.message_id,
      value,
    });

  let accepted: string[];
  let inspectorName: string;

  beforeAll(async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).limit(3).lean();
    for (const t of tasks) await fileReport(models, t.taskNo, t.inspectorKeys[0]!, REPORT_FORM, DEMO_NOW);
    // Two accepted (due for 公示), one still waiting for review (never listed).
    for (const t of tasks.slice(0, 2))
      await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    accepted = tasks.slice(0, 2).map((t) => t.taskNo);
    inspectorName = await plainInspectorOf(models, tasks[0]!);
  }, 60_000);

  it('lists the unit’s reviewed results for the 责任人, refuses an inspector, and publishes from the card once', async () => {
    await say('彭世杰', '/公示');
    const list = await waitCard('彭世杰', '待公示的检查结果');
    expect(title(list)).toBe('待公示的检查结果（2）');
    // 26 Nov + 20 working days = 24 Dec.
    expect(JSON.stringify(list.content)).toContain('应于 2026-12-24 前公示');

    await say(inspectorName, '/公示');
    const refusal = await waitCard(inspectorName, '无法完成');
    expect(JSON.stringify(refusal.content)).toContain(
      '只有治安大队的责任人、负责人或领导小组办公室可以公示检查结果',
    );

    const answer = await click('彭世杰', list, { action: 'publication.publish', taskNo: accepted[0] });
    expect(answer.toast).toMatchObject({ content: '已公示 1 项' });
    const again = await click('彭世杰', list, { action: 'publication.publish', taskNo: accepted[0] });
    expect(again.toast).toMatchObject({ content: '这些检查结果已经公示过了' });
    const { models } = db();
    expect(await models.Publication.findOne({ _id: `result-${accepted[0]}` }).lean()).toMatchObject({
      status: 'published',
      publishedBy: 'name:彭世杰',
    });
    // A forged click (a value on a card the inspector can see) is refused just the same.
    const forged = await click(inspectorName, refusal, {
      action: 'publication.publish',
      taskNo: accepted[1],
    });
    expect(JSON.stringify(forged)).toContain('只有治安大队的责任人、负责人或领导小组办公室可以公示检查结果');
    expect(await models.Publication.findOne({ _id: `result-${accepted[1]}` }).lean()).toMatchObject({
      status: 'pending',
    });
  });

  it('reminds the 责任人 five working days before the deadline, and escalates to the office with 加急 past it', async () => {
    const runDay = async (day: string) => {
      clock = at(day);
      await enqueueScheduleDay(bot().deps.jobs, clock);
      await bot().queue.idle(60_000);
    };
    await runDay('2026-12-17');
    const reminder = await waitCard('彭世杰', '检查结果公示提醒');
    expect(title(reminder)).toBe('检查结果公示提醒（1）');
    expect(JSON.stringify(reminder.content)).toContain(accepted[1]);
    // 24 Dec + 5 working days = 31 Dec: every rung caught up that day; the office's with 加急.
    await runDay('2026-12-31');
    expect(title(await waitCard('彭世杰', '结果公示逾期督办（第 1 级）'))).toContain('1 项未按期公示');
    await waitCard('赵晓辉', '结果公示逾期督办（第 2 级）');
    const office = await waitCard('陶向东', '结果公示逾期督办（第 3 级）');
    expect(office.urgent).toHaveLength(1);

    // The office publishes it; the ladder stops.
    await say('陶向东', '/公示');
    const list = await waitCard('陶向东', '待公示的检查结果');
    const answer = await click('陶向东', list, { action: 'publication.publish', taskNo: accepted[1] });
    expect(answer.toast).toMatchObject({ content: '已公示 1 项' });
    const ladder = async () =>
      (await Promise.all(['彭世杰', '赵晓辉', '陶向东'].map(cards)))
        .flat()
        .filter((m) => title(m).startsWith('结果公示')).length;
    const before = await ladder();
    await runDay('2027-01-04');
    expect(await ladder()).toBe(before);
  });
});
