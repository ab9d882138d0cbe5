import { evaluateYear } from '../../src/services/evaluation';
import { withFacts } from '../../src/services/task-records';
import { approveDraw, dispatchDraw, submitDraw } from '../../src/services/draws';
import { planDay } from '../../src/services/schedule';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { seedPlan } from '../../src/services/seed-plan';
import { addWorkdays } from '../../src/domain/workdays';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { chatAs } from '../helpers/chat';
import { openIdOf, testApi } from '../helpers/emulator';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * Across the new year, as a bureau meets it (issue 16): a round of last year still undrawn in January is
 * drawn late — 逾期抽取 on its card and on the public record, its tasks given time — and stops being
 * escalated; a year without a plan says so, never "already drawn"; the 考评 names every unit of the plan.
 */
describe('the year boundary: late draws, a year without a plan, every unit evaluated', () => {
  let clock = DEMO_NOW;
  const { emu, db, bot, errors } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const chat = chatAs(emu);

  it('draws last year’s missed round late in January, marked and given time, and stops escalating it', async () => {
    const { models } = db();
    clock = at('2027-01-05');
    // Before: last year's round is escalated (it was due on 30 December).
    const overdue = (await planDay(bot().deps)).sends.filter(
      (s) => s.kind === 'draw-overdue' && JSON.stringify(s).includes('seal-engraving'),
    );
    expect(overdue.length).toBeGreaterThan(0);

    const card = await chat.ask('彭世杰', '/抽查 公章刻制业', '抽取发起：公章刻制业');
    const text = JSON.stringify(card.content);
    expect(text).toContain('2026 年全年 1 轮');
    expect(text).toContain('逾期抽取**（应于 2026-12-30 前抽取）');
    const draw = (await models.Draw.findOne({ itemCode: 'seal-engraving' }).lean())!;
    expect(draw).toMatchObject({ year: 2026, late: true, deadline: addWorkdays('2027-01-05', 20) });

    await submitDraw(models, draw.drawNo, 'name:彭世杰', clock);
    await approveDraw(models, draw.drawNo, 'name:赵晓辉', clock, '新年 补抽 一');
    await dispatchDraw(models, draw.drawNo, 'name:赵晓辉', clock);
    const tasks = await withFacts(models, await models.Task.find({ drawNo: draw.drawNo }).lean());
    expect(new Set(tasks.map((t) => t.deadline))).toEqual(new Set([addWorkdays('2027-01-05', 20)]));
    const published = (await models.Publication.findOne({ _id: `draw-${draw.drawNo}` }).lean())!
      .content as any;
    expect(published).toMatchObject({ late: true, status: 'dispatched' });
    // Drawn: no more escalation of that round.
    const after = (await planDay(bot().deps)).sends.filter(
      (s) => s.kind === 'draw-overdue' && JSON.stringify(s).includes('seal-engraving'),
    );
    expect(after).toEqual([]);
  });

  it('says a year has no plan yet, naming the office — never that it is drawn already', async () => {
    const { models } = db();
    await models.AnnualPlan.deleteMany({ year: 2027 });
    clock = at('2027-01-06');
    // 公章刻制业: 2026 drawn (above), 2027 has no plan.
    const card = await chat.ask('彭世杰', '/抽查 公章刻制业', '2027 年度计划尚未发布');
    expect(JSON.stringify(card.content)).toContain('请联系领导小组办公室（陶向东）');
    expect(JSON.stringify(card.content)).not.toContain('均已批准');

    // A draw prompt's 发起抽取 is answered with a toast; the prompt card stays as it was.
    const answer = await testApi<any>(emu(), 'POST', 'card-actions', {
      open_id: await openIdOf(emu(), '彭世杰'),
      message_id: card.message_id,
      value: { action: 'draw.start', item: 'seal-engraving' },
    });
    expect(answer.toast).toMatchObject({
      type: 'info',
      content: expect.stringContaining('2027 年度“双随机、一公开”抽查计划尚未发布'),
    });
    expect(answer.card).toBeUndefined();
  });

  it('says so when the new year’s plan leaves an item out — neither "no plan" nor "already drawn"', async () => {
    const template = readPlanTemplate();
    await seedPlan(
      db().models,
      { ...template, items: template.items.filter((i) => i.code !== 'seal-engraving') },
      [2027],
      'test:seed',
      clock,
    );
    const card = await chat.ask('彭世杰', '/抽查 公章刻制业', '本年度计划无此事项');
    expect(JSON.stringify(card.content)).toContain('2027 年度计划中没有“公章刻制业”，本年度不抽取');
  });

  it('evaluates every unit the plan names, with its late and missed rounds, including one that drew nothing', async () => {
    const evaluation = await evaluateYear(db().models, 2026, '2027-01-06');
    const unit = (name: string) => evaluation.units.find((u) => u.unitName === name)!;
    // 治安大队: 公章刻制业 drawn late; its five other rounds of 2026 (民爆 has two) never drawn.
    // 禁毒大队: its one round missed, nothing assigned.
    expect(unit('治安大队')).toMatchObject({ drawsLate: 1, roundsMissed: 5, assigned: expect.any(Number) });
    expect(unit('禁毒大队')).toMatchObject({ drawsLate: 0, roundsMissed: 1, assigned: 0 });
  });
});
