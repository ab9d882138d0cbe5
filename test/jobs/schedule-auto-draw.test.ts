import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { addDays } from '../../src/domain/calendar';
import { DEFAULT_SCHEDULE, stepDay } from '../../src/domain/schedule';
import { isWorkday } from '../../src/domain/workdays';
import { useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';

const title = (m: SentMessage) =>
  (m.content as { header?: { title?: { content?: string } } }).header?.title?.content ?? '';
/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * drawMode auto: on the prompt day the bot draws each round itself and sends it for approval — the
 * 责任局领导 gets the approval card, the 责任人 the preview — once, however often the day is planned;
 * an approved round is no longer escalated, one still waiting for approval is.
 */
describe('the schedule drawing on its own (drawMode auto)', () => {
  const promptDay = stepDay('2026-12-30', -DEFAULT_SCHEDULE.drawLeadWorkdays);
  let clock = at(promptDay);
  const { emu, db, errors, bot } = useDemoBot({
    now: () => clock,
    schedule: { ...DEFAULT_SCHEDULE, drawMode: 'auto' },
  });
  const cards = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
      (m) => m.msg_type === 'interactive',
    );
  const runDay = async (day: string) => {
    clock = at(day);
    await enqueueScheduleDay(bot().deps.jobs, clock);
    await bot().queue.idle(60_000);
  };

  it('draws every round due, sends each for approval once, and stops escalating an approved one', async () => {
    const { models } = db();
    const plan = (await models.AnnualPlan.findOne({ year: 2026 }).lean())!;
    const rounds = plan.items.reduce((n, i) => n + i.rounds.length, 0);
    await runDay(promptDay);
    // Every round is due or overdue by 23 December (precursor chemicals since November): each drawn once.
    const draws = await models.Draw.find({}, { drawNo: 1, itemCode: 1, round: 1, proposedBy: 1 }).lean();
    expect(draws).toHaveLength(rounds);
    expect(new Set(draws.map((d) => d.proposedBy))).toEqual(new Set(['system:schedule']));
    for (const d of draws)
      await expect(models.Draw.findOne({ drawNo: d.drawNo }).lean()).resolves.toMatchObject({
        status: 'submitted',
      });

    const hotels = draws.find((d) => d.itemCode === 'hotels')!;
    const approval = (await cards('赵晓辉')).filter((m) => title(m) === '待审批：旅馆业');
    expect(approval).toHaveLength(1);
    expect((await cards('彭世杰')).filter((m) => title(m) === '抽取发起 · 待审批：旅馆业')).toHaveLength(1);

    // The same day again (a replica, a restart): nothing new.
    const before = (await testApi<unknown[]>(emu(), 'GET', 'messages')).length;
    await bot().queue.queue.obliterate({ force: true });
    await runDay(promptDay);
    expect(await models.Draw.countDocuments({})).toBe(rounds);
    expect((await testApi<unknown[]>(emu(), 'GET', 'messages')).length).toBe(before);

    // 赵晓辉 approves the hotels on his card.
    await testApi(emu(), 'POST', 'card-actions', {
      open_id: await openIdOf(emu(), '赵晓辉'),
      message_id: approval[0]!.message_id,
      value: { action: 'draw.approve', drawNo: hotels.drawNo },
      form_value: { phrase: '自动 抽取 批准' },
    });
    await waitFor(
      async () => (await models.Draw.findOne({ drawNo: hotels.drawNo }).lean())!.status === 'dispatched',
      'hotels dispatched',
    );

    // Past the draw-by date: the rounds still waiting for approval are escalated, the approved one is not.
    let day = addDays('2026-12-30', 1);
    while (!isWorkday(day)) day = addDays(day, 1);
    await runDay(day);
    const escalated = await models.AuditEntry.find(
      { action: 'schedule.draw-overdue' },
      { details: 1 },
    ).lean();
    const items = new Set(escalated.map((e) => (e.details as { item: string }).item));
    expect(items.has('hotels')).toBe(false);
    expect(items.has('entertainment')).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
