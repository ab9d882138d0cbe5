import { join } from 'node:path';
import { approveDraw, dispatchDraw, submitDraw } from '../../src/services/draws';
import { performSend, planDay } from '../../src/services/schedule';
import { useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf, title } from '../helpers/chat';
import { messagesOf, openIdOf } from '../helpers/emulator';
import { editedPlanFile, planCell } from '../helpers/plan-files';

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * Across the year boundary in one go (issue 16's "done when"): the December ask, the office sending a
 * changed plan, the 组长 approving it, last year's missed round drawn late in January, then the new
 * year's round drawn under the new plan — and no false message to anyone on the way.
 */
describe('the new year, end to end', () => {
  let clock = at('2026-12-01');
  const { emu, db, bot, dir, errors } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, cardTitled, press, upload } = chatAs(emu);

  it('asks in December, runs 2027 on the approved changed plan, draws 2026’s missed round late', async () => {
    const { models } = db();
    // 1 December: the office is asked for 2027's plan.
    for (const s of (await planDay(bot().deps)).sends.filter((x) => x.kind === 'plan-rollover'))
      await performSend(bot().deps, s);
    await cardTitled('陶向东', '请准备 2027 年度计划');

    // The office sends a changed plan: 公章刻制业 at 20% from 2027.
    const file = await editedPlanFile(models, join(dir(), '2027年双随机计划.xlsx'), {
      year: 2026,
      asYear: 2027,
      edit: (wb) => {
        planCell(wb, '随机抽查事项清单', '公章刻制业', '抽查比例').value = '20%';
      },
    });
    const sent = await upload(
      '陶向东',
      file,
      '2027年双随机计划.xlsx',
      '待组长审批：2027 年度计划（第 1 版）',
    );
    expect(textOf(sent.content)).toContain('公章刻制业：抽查比例 50% → 20%');
    const approval = await cardTitled('李良', '待组长审批：2027 年度计划（第 1 版）');
    await press('李良', approval, '批准', { docNumber: '偃公通〔2026〕90号', effectiveOn: '2027-01-01' });

    // January: the plan is in force; nobody is asked for it any more.
    clock = at('2027-01-05');
    const day = await planDay(bot().deps);
    expect(day.sends.filter((s) => s.kind === 'plan-rollover')).toEqual([]);
    expect((await models.Item.findOne({ code: 'seal-engraving' }).lean())?.ratioText).toBe('20%');

    // 2026's missed round first, drawn late under last year's rules…
    const late = await ask('彭世杰', '/抽查 公章刻制业', '抽取发起：公章刻制业');
    expect(textOf(late.content)).toContain('逾期抽取**（应于 2026-12-30 前抽取）');
    const lateDraw = (await models.Draw.findOne({ itemCode: 'seal-engraving', year: 2026 }).lean())!;
    await submitDraw(models, lateDraw.drawNo, 'name:彭世杰', clock);
    await approveDraw(models, lateDraw.drawNo, 'name:赵晓辉', clock, '新年补抽随机码');
    await dispatchDraw(models, lateDraw.drawNo, 'name:赵晓辉', clock);

    // …then 2027's round, under the new plan, not late.
    const next = await ask('彭世杰', '/抽查 公章刻制业', '抽取发起：公章刻制业');
    expect(textOf(next.content)).toContain('2027 年全年 1 轮');
    expect(textOf(next.content)).not.toContain('逾期抽取');
    const draw2027 = (await models.Draw.findOne({ itemCode: 'seal-engraving', year: 2027 }).lean())!;
    expect(draw2027).toMatchObject({ round: 1, late: false });
    // Drawn at the new plan's 20% (basis points in the verifiable inputs); 2026's at its 50%.
    expect((draw2027 as unknown as { inputs: { ratio: unknown } }).inputs.ratio).toEqual({
      kind: 'fixed',
      bp: 2000,
    });
    expect((lateDraw as unknown as { inputs: { ratio: unknown } }).inputs.ratio).toEqual({
      kind: 'fixed',
      bp: 5000,
    });

    // No false message to anyone: nothing says a year is drawn or has no plan.
    for (const name of ['彭世杰', '陶向东', '李良', '赵晓辉']) {
      const texts = (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).map(
        (m) => `${m.msg_type === 'interactive' ? title(m) : ''} ${JSON.stringify(m.content)}`,
      );
      expect(texts.filter((t) => /均已批准|尚未发布/.test(t))).toEqual([]);
    }
  });
});
