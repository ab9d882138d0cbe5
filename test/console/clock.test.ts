import { join } from 'node:path';
import { SHOTS, useConsolePage } from '../helpers/browser';
import { addDays } from '../../src/domain/calendar';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { testApi } from '../helpers/emulator';
import { demoDraw } from '../helpers/publications';

/**
 * The demo's time machine in Chromium: after a draw is dispatched, the console moves the bot's clock a
 * week at a time; each day passed runs its schedule, so the inspectors' reminders arrive before the
 * deadline and, the tasks left undone, the escalation reaches the office with 加急.
 */
describe("the console's business clock, in Chromium", () => {
  const { emu, db, errors, bot } = useDemoBot({ businessClock: true });
  const { page, advanceClock } = useConsolePage();

  const as = (name: string) => page().goto(`${emu().url}/?user=${encodeURIComponent(name)}`);
  const shown = () => page().locator('#clock-now').textContent();
  const week = () => advanceClock('+7 天');

  it('moves a week at a time: reminders, then the escalation with 加急', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const task = (await models.Task.findOne({ drawNo }).lean())!;
    const inspector = (await models.Person.findOne({ key: task.inspectorKeys[0] }).lean())!;

    await as(inspector.name);
    expect(await shown()).toBe('2026-11-26 10:00 周四');
    // Four weeks: 24 December, three working days before the 30 December deadline.
    for (let i = 0; i < 4; i++) await week();
    expect(await shown()).toBe('2026-12-24 09:30 周四');
    await page()
      .locator('.card-header', { hasText: '检查任务到期提醒' })
      .first()
      .waitFor({ timeout: 10_000 });
    await page().screenshot({ path: join(SHOTS, 'clock-1-reminder.png'), fullPage: true });

    // Two more weeks: past +5 working days, the office has the last rung, with 加急.
    await as('陶向东');
    await week();
    await week();
    expect(await shown()).toBe('2027-01-07 09:30 周四');
    const overdue = page().locator('.card', {
      has: page().locator('.card-header', { hasText: '检查任务逾期督办（第 3 级）' }),
    });
    await overdue.first().waitFor({ timeout: 10_000 });
    await page().screenshot({ path: join(SHOTS, 'clock-2-escalation.png'), fullPage: true });
    // The monthly summaries passed on the way, each with its xlsx to download, the chart labelled.
    const xlsx = page().getByRole('link', { name: '2026-11 双随机抽查月度汇总.xlsx' });
    expect(await xlsx.getAttribute('download')).toBe('2026-11 双随机抽查月度汇总.xlsx');
    const download = await page().request.get(new URL((await xlsx.getAttribute('href'))!, emu().url).href);
    expect((await download.body()).subarray(0, 2).toString()).toBe('PK');
    expect(await page().locator('.chart').first().textContent()).not.toContain('undefined');
    const users = await testApi<{ name: string; openId: string }[]>(emu(), 'GET', 'users');
    const office = users.find((u) => u.name === '陶向东')!.openId;
    const msgs = await testApi<
      { content: { header?: { title?: { content?: string } } }; urgent: unknown[] }[]
    >(emu(), 'GET', `messages?open_id=${office}`);
    const lastRung = msgs.filter((m) =>
      m.content.header?.title?.content?.startsWith('检查任务逾期督办（第 3 级）'),
    );
    expect(lastRung).toHaveLength(1);
    expect(lastRung[0]!.urgent).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 240_000);

  it('jumps to the next day the schedule sends something: 到下一个事件', async () => {
    const before = await shown();
    const sent = (await testApi<unknown[]>(emu(), 'GET', 'messages')).length;
    await advanceClock('到下一个事件', 60_000);
    const day = (await shown())!.slice(0, 10);
    expect(day > before!.slice(0, 10)).toBe(true);
    // That day's schedule sent something, and no day before it did.
    expect((await testApi<unknown[]>(emu(), 'GET', 'messages')).length).toBeGreaterThan(sent);
    const sends = async (d: string) =>
      ((await bot().queue.queue.getJob(`schedule-${d}`))?.returnvalue as { sends?: number } | undefined)
        ?.sends;
    expect(await sends(day)).toBeGreaterThan(0);
    for (let d = addDays(before!.slice(0, 10), 1); d < day; d = addDays(d, 1))
      expect([d, await sends(d)]).toEqual([d, 0]);
    await page().screenshot({ path: join(SHOTS, 'clock-3-next-event.png'), fullPage: true });
  }, 90_000);

  it('refuses a jump of more than a month', async () => {
    await expect(testApi(emu(), 'POST', 'clock', { advance_days: 40 })).rejects.toThrow(/advance_days/);
  });
});
