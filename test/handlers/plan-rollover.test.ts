import { performSend, planDay } from '../../src/services/schedule';
import { useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf } from '../helpers/chat';

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * December, as the office meets it: the bot asks for next year's plan, the office carries this year's
 * over with one click, the 组长 is reminded until deciding, and once approved nobody is asked again.
 */
describe('the year rollover: next year’s plan asked for, carried over, approved', () => {
  let clock = at('2026-11-30');
  const { emu, db, bot, errors } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const { cardTitled, press } = chatAs(emu);
  /** The day's plan-rollover sends, delivered as the worker would. */
  const rollover = async () => {
    const sends = (await planDay(bot().deps)).sends.filter((s) => s.kind === 'plan-rollover');
    for (const s of sends) await performSend(bot().deps, s);
    return sends.map((s) =>
      'toName' in s ? `${s.toName}${s.kind === 'plan-rollover' && s.versionId ? ' 审批' : ''}` : '',
    );
  };

  it('asks the office from 1 December, carries 2026’s plan over, and reminds the 组长 until approved', async () => {
    expect(await rollover()).toEqual([]); // 30 November: not yet
    clock = at('2026-12-01');
    expect(await rollover()).toEqual(['陶向东']);
    expect(await rollover()).toEqual([]); // once a day, however often the day is planned
    const ask = await cardTitled('陶向东', '请准备 2027 年度计划');
    expect(textOf(ask.content)).toContain('可沿用 2026 年计划（偃公通〔2023〕40号，6 个事项');

    const answer = await press('陶向东', ask, '沿用 2026 年计划（日期顺延）');
    expect(answer.toast.content).toBe('已提交组长审批');
    expect(answer.card.header.title.content).toBe('待组长审批：2027 年度计划（第 1 版）');
    const approval = await cardTitled('李良', '待组长审批：2027 年度计划（第 1 版）');
    expect(textOf(approval.content)).toContain('没有变化');

    // A week on, still undecided: the 组长 gets the card again (the office is not asked again).
    clock = at('2026-12-08');
    expect(await rollover()).toEqual(['李良 审批']);

    await press('李良', approval, '批准', { docNumber: '偃公通〔2026〕88号', effectiveOn: '2027-01-01' });
    const plan = await db().models.AnnualPlan.findOne({ year: 2027 }).lean();
    expect(plan?.basedOn).toBe('偃公通〔2026〕88号');
    expect(plan?.items.find((i) => i.itemCode === 'civil-explosives')?.rounds).toEqual([
      { round: 1, drawBy: '2027-06-30', deadline: '2027-06-30' },
      { round: 2, drawBy: '2027-12-30', deadline: '2027-12-30' },
    ]);
    clock = at('2026-12-15');
    expect(await rollover()).toEqual([]);
    clock = at('2027-01-04');
    expect(await rollover()).toEqual([]);
  });
});
