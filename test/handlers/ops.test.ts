import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { auditTrail } from '../../src/services/audit-read';
import { useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';
import { buttons } from '../helpers/chat';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const title = (m: SentMessage) => (m.content as any).header.title.content as string;
const textOf = (card: any) => JSON.stringify(card.body.elements);

/** A person the schedule writes to who has neither a mobile nor an open id in the people data. */
const RECIPIENT = { name: '黄新民', mobile: '13800000077' };
const REMINDER = {
  id: 'reminder-2026-11-26-ops-test',
  kind: 'reminder',
  to: `name:${RECIPIENT.name}`,
  tasks: [
    {
      taskNo: 'CC2026-04-R1-01-0001',
      itemCode: 'entertainment',
      itemName: '娱乐场所',
      unitName: '治安大队',
      targetName: '偃师区歌城1',
      deadline: '2026-12-30',
      inspectorKeys: [`name:${RECIPIENT.name}`],
      workdaysLeft: 3,
    },
  ],
};

describe('/运维: queue depths, the last schedule run, failed jobs and their retry, for the office', () => {
  // 08:30 Beijing on the demo day: a schedule run now plans nothing (the day's sends start at 09:00).
  const clock = new Date('2026-11-26T00:30:00Z');
  const { emu, db, errors, bot } = useDemoBot({ extraUsers: [RECIPIENT], now: () => clock });
  afterEach(() => expect(errors).toEqual([]));

  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const cardsOf = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
      (m) => m.msg_type === 'interactive',
    );
  /** Sends `text` and waits for the answer titled `t` that was not there before. */
  const ask = async (name: string, text: string, t: string) => {
    const seen = new Set((await cardsOf(name)).map((m) => m.message_id));
    await say(name, text);
    const find = async () => (await cardsOf(name)).find((m) => title(m) === t && !seen.has(m.message_id));
    await waitFor(async () => (await find()) !== undefined, `${name}: a card titled ${t}`);
    return (await find())!;
  };
  const click = async (name: string, message: SentMessage, value: unknown) =>
    testApi<any>(emu(), 'POST', 'card-actions', {
      open_id: await openIdOf(emu(), name),
      message_id: message.message_id,
      value,
    });
  const job = (id: string) => bot().queue.queue.getJob(id);
  const stateOf = async (id: string) => (await job(id))?.getState();
  const reachState = (id: string, state: string) =>
    waitFor(async () => (await stateOf(id)) === state, `job ${id}: ${state}`);

  it('shows an empty dead-letter list, then the daily schedule’s last run', async () => {
    const empty = await ask('陶向东', '/运维', '运维：后台任务');
    expect(textOf(empty.content)).toContain('**失败的任务**：没有。');
    expect(textOf(empty.content)).toContain('最近 8 天没有保留的运行记录');
    expect(buttons(empty.content).map((b) => b.text)).toEqual(['刷新']);

    await enqueueScheduleDay(bot().deps.jobs, clock);
    await reachState('schedule-2026-11-26', 'completed');
    const refreshed = await click('陶向东', empty, { action: 'ops.refresh' });
    expect(textOf(refreshed.card)).toMatch(
      /2026-11-26 的计划于 \d{4}-\d\d-\d\d \d\d:\d\d 完成，安排发送 \*\*0\*\* 张卡片，没有问题/,
    );
  });

  it('lists a send that failed for good with its reason; only the office may see it; 重试 runs it again', async () => {
    const { models } = db();
    await models.Person.create({
      key: REMINDER.to,
      name: RECIPIENT.name,
      unitName: '治安大队',
      roles: ['inspector'],
      createdBy: 'test',
      updatedBy: 'test',
    });
    // Nobody can reach the person: DomainError → UnrecoverableError → failed at its first attempt.
    await bot().queue.enqueue('schedule-send', REMINDER, REMINDER.id);
    await reachState(REMINDER.id, 'failed');

    const refusal = await ask('彭世杰', '/运维', '无法完成');
    expect(textOf(refusal.content)).toContain('只有领导小组办公室可以查看和重试后台任务（/运维）');
    // Nor may he retry with a forged button value.
    const forged = await click('彭世杰', refusal, { action: 'ops.retry', jobId: REMINDER.id });
    expect(forged.toast).toEqual({
      type: 'error',
      content: '只有领导小组办公室可以查看和重试后台任务（/运维）',
    });
    expect(await stateOf(REMINDER.id)).toBe('failed');
    expect((await auditTrail(models, 'ops')).map((e) => [e.action, e.actor])).toEqual([
      ['permission.denied', 'name:彭世杰'],
      ['permission.denied', 'name:彭世杰'],
    ]);

    const ops = await ask('陶向东', '/运维', '运维：后台任务');
    const text = textOf(ops.content);
    expect(text).toContain('失败 **1**');
    expect(text).toContain('**失败的任务**：共 1 个');
    expect(text).toMatch(/\*\*1\. 发送提醒或督办卡片\*\*｜\d{4}-\d\d-\d\d \d\d:\d\d 失败，已尝试 1 次/);
    expect(text).toContain(
      `${REMINDER.id}\\n原因：无法通过飞书联系 name:${RECIPIENT.name}：名录中没有其手机号或飞书账号`,
    );
    expect(buttons(ops.content)).toEqual([
      { text: '重试', value: { action: 'ops.retry', jobId: REMINDER.id } },
      { text: '全部重试（1）', value: { action: 'ops.retryAll' } },
      { text: '刷新', value: { action: 'ops.refresh' } },
    ]);

    // The office fixes the people data, then retries: the reminder reaches the person this time.
    await models.Person.updateOne({ key: REMINDER.to }, { $set: { mobile: RECIPIENT.mobile } });
    const retried = await click('陶向东', ops, buttons(ops.content)[0]!.value);
    expect(retried.toast).toEqual({ type: 'success', content: `已重新排队：${REMINDER.id}` });
    expect(textOf(retried.card)).not.toContain('原因：无法通过飞书联系');
    await reachState(REMINDER.id, 'completed');
    expect((await job(REMINDER.id))!.returnvalue).toBe('sent');
    await waitFor(
      async () => (await cardsOf(RECIPIENT.name)).some((m) => title(m) === '检查任务到期提醒（1）'),
      `${RECIPIENT.name}: the reminder`,
    );
    expect((await auditTrail(models, `job:${REMINDER.id}`)).map((e) => [e.action, e.actor])).toEqual([
      ['ops.job-retried', 'name:陶向东'],
    ]);

    // A second click on the old card's 重试: the job is no longer in the list.
    const again = await click('陶向东', ops, { action: 'ops.retry', jobId: REMINDER.id });
    expect(again.toast).toEqual({
      type: 'error',
      content: `后台任务 ${REMINDER.id} 已完成，不在失败列表中，无需重试`,
    });
    const gone = await click('陶向东', ops, { action: 'ops.retry', jobId: 'send-no-such-job' });
    expect(gone.toast.content).toContain('后台任务 send-no-such-job 已不存在');
  });

  it('全部重试 puts every failed job back; one that fails again shows one more attempt', async () => {
    const ids = ['ops-test-unknown-1', 'ops-test-unknown-2'];
    for (const id of ids) await bot().queue.enqueue('no-such-job', {}, id);
    for (const id of ids) await reachState(id, 'failed');
    // A known job whose payload does not match its schema (another version's) fails at once, saying so.
    await bot().queue.enqueue('dispatch', { draw: 'CC2026-03-R1-01' }, 'ops-test-malformed');
    await reachState('ops-test-malformed', 'failed');
    expect((await job('ops-test-malformed'))!.failedReason).toContain(
      'job dispatch with a malformed payload',
    );
    expect((await job('ops-test-malformed'))!.attemptsMade).toBe(1);
    await (await job('ops-test-malformed'))!.remove();
    const ops = await ask('陶向东', '/运维', '运维：后台任务');
    expect(textOf(ops.content)).toContain('unknown job no-such-job');
    const all = buttons(ops.content).find((b) => b.text === '全部重试（2）')!;
    const answer = await click('陶向东', ops, all.value);
    expect(answer.toast).toEqual({ type: 'success', content: '已重新排队 2 个失败的任务' });
    for (const id of ids)
      await waitFor(async () => (await job(id))?.attemptsMade === 2, `job ${id}: a second attempt`);
    for (const id of ids) await reachState(id, 'failed');
    const refreshed = await click('陶向东', ops, { action: 'ops.refresh' });
    expect(textOf(refreshed.card).match(/已尝试 2 次/g)).toHaveLength(2);
    expect((await auditTrail(db().models, 'jobs:failed')).map((e) => [e.action, e.details])).toEqual([
      ['ops.jobs-retried', { count: 2 }],
    ]);
  });
});
