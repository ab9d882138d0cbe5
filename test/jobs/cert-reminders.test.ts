import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { addDays, shanghaiDate } from '../../src/domain/calendar';
import { idPart } from '../../src/domain/text';
import { auditTrail } from '../../src/services/audit-read';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf, title } from '../helpers/chat';

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * The demo roster (dated from the demo's clock, Thu 2026-11-26): each unit has one 执法证 lapsing on
 * 2027-01-10, so its head hears of it once, on the first working day from 2026-12-11.
 */
describe('执法证 reminders: 30 days before an expiry, once per certificate, to the unit head', () => {
  let clock = DEMO_NOW;
  const { emu, db, errors, bot } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const { cardsOf } = chatAs(emu);
  const expiry = addDays(shanghaiDate(DEMO_NOW), 45);
  const runDay = async (day: string) => {
    clock = at(day);
    await enqueueScheduleDay(bot().deps.jobs, clock);
    await bot().queue.idle(30_000);
  };
  const notices = async (name: string) =>
    (await cardsOf(name)).filter((m) => title(m)?.startsWith('执法证到期提醒'));

  it('tells each unit’s head of the lapsing certificate once, and again for a renewed one when it nears', async () => {
    const { models } = db();
    const heads = await models.Person.find({ roles: 'unit_head' }).sort({ unitName: 1 }).lean();
    expect(heads.map((h) => h.unitName).sort()).toEqual(['治安大队', '禁毒大队'].sort());
    const lapsing = await models.Person.findOne({ unitName: '治安大队', certExpires: expiry }).lean();

    await runDay('2026-12-10'); // 31 days before: not yet
    for (const h of heads) expect(await notices(h.name)).toHaveLength(0);
    await runDay('2026-12-11');
    await runDay('2026-12-14');
    for (const h of heads) expect(await notices(h.name)).toHaveLength(1);
    const [card] = await notices(heads.find((h) => h.unitName === '治安大队')!.name);
    expect(title(card!)).toBe('执法证到期提醒（1 人）');
    expect(textOf(card!.content)).toContain(
      `治安大队 ${lapsing!.name}（${lapsing!.badgeNo}） ${expiry} 到期`,
    );
    const audited = await auditTrail(models, `cert-expiry-2026-12-11-${idPart(heads[0]!.key)}`);
    expect(audited.map((e) => e.action)).toEqual(['schedule.cert-expiry']);

    // Renewed, but (a typing slip) only to 2027-01-12: a new certificate, reminded once more.
    await models.Person.updateOne({ _id: lapsing!._id }, { $set: { certExpires: '2027-01-12' } });
    await runDay('2026-12-15');
    const zhian = heads.find((h) => h.unitName === '治安大队')!;
    expect(await notices(zhian.name)).toHaveLength(2);
    expect(await notices(heads.find((h) => h.unitName === '禁毒大队')!.name)).toHaveLength(1);
  });
});
