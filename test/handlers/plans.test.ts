import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { applyDuePlans } from '../../src/services/plans';
import { useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf, title } from '../helpers/chat';
import { waitFor } from '../helpers/wait';
import { editedPlanFile, planCell } from '../helpers/plan-files';

/**
 * A year's plan decided in chat: the office sends the workbook, the 组长 approves it with its 文号 and
 * effective date (or sends it back), the year's rounds and the public plan follow, and its people and
 * responsibilities hold from the effective date. Bad files change nothing and say why, row by row.
 */
describe('plans in chat: sent by the office, decided by the 组长', () => {
  const { emu, db, dir, errors } = useDemoBot();
  afterEach(() => expect(errors).toEqual([]));
  const { cardsOf, cardTitled, ask, press, upload } = chatAs(emu);
  /** The 2026 plan exported, as next year's file with `edit` applied to its workbook. */
  const nextYearFile = (fileName: string, edit: (wb: ExcelJS.Workbook) => void) =>
    editedPlanFile(db().models, join(dir(), fileName), { year: 2026, asYear: 2027, edit });

  it('takes a changed plan for next year to the 组长, who approves it with its 文号 and date', async () => {
    const { models } = db();
    const file = await nextYearFile('2027年计划.xlsx', (wb) => {
      planCell(wb, '随机抽查事项清单', '娱乐场所', '抽查比例').value = '40%';
      planCell(wb, '责任分工', '娱乐场所', '抽取时间').value = '每年11月30日前';
    });
    const sent = await upload('陶向东', file, '2027年计划.xlsx', '待组长审批：2027 年度计划（第 1 版）');
    expect(textOf(sent.content)).toContain('娱乐场所：抽查比例 50% → 40%；抽取时间 12月30日 → 11月30日');

    const approval = await cardTitled('李良', '待组长审批：2027 年度计划（第 1 版）');
    expect(textOf(approval.content)).toContain('偃师分局');
    // A date in the past, and no 文号, are refused with the reason.
    expect(
      JSON.stringify(
        await press('李良', approval, '批准', { docNumber: '偃公通〔2027〕3号', effectiveOn: '2026-01-01' }),
      ),
    ).toContain('生效日期不能早于今天（2026-11-26）');
    expect(
      JSON.stringify(await press('李良', approval, '批准', { docNumber: '', effectiveOn: '2027-01-01' })),
    ).toContain('请填写计划的文号');

    const ok = await press('李良', approval, '批准', {
      docNumber: '偃公通〔2027〕3号',
      effectiveOn: '2027-01-01',
    });
    expect(JSON.stringify(ok)).toContain('已批准 2027 年度计划（偃公通〔2027〕3号），自 2027-01-01 起施行');
    // The office's card follows.
    await waitFor(
      async () =>
        (await cardsOf('陶向东')).some(
          (m) => m.message_id === sent.message_id && title(m).startsWith('已批准'),
        ),
      'office card approved',
    );

    // The year's rounds and the public plan at once, with the 文号; the responsibilities from 1 January.
    const plan = await models.AnnualPlan.findOne({ year: 2027 }).lean();
    expect(plan?.basedOn).toBe('偃公通〔2027〕3号');
    expect(plan?.items.find((i) => i.itemCode === 'entertainment')?.rounds).toEqual([
      { round: 1, drawBy: '2027-11-30', deadline: '2027-12-30' },
    ]);
    const published = await models.Publication.findById('plan-2027').lean();
    expect(JSON.stringify(published)).toContain('偃公通〔2027〕3号');
    expect((await models.Item.findOne({ code: 'entertainment' }).lean())?.ratioText).toBe('50%');
    expect(await applyDuePlans(models, new Date('2026-12-31T12:00:00Z'))).toEqual({
      applied: [],
      reviews: [],
      approvals: [],
    });
    expect(await applyDuePlans(models, new Date('2027-01-01T01:00:00Z'))).toEqual({
      applied: ['2027-1'],
      reviews: [],
      approvals: [],
    });
    expect((await models.Item.findOne({ code: 'entertainment' }).lean())?.ratioText).toBe('40%');
    const actions = (await models.AuditEntry.find({ subject: 'plan:2027-1' }).lean()).map((e) => e.action);
    expect(actions).toEqual(['plan.submitted', 'plan.approved', 'plan.applied']);
  });

  it('refuses a file with problems row by row and changes nothing', async () => {
    const { models } = db();
    const before = await models.PlanVersion.countDocuments();
    const file = await nextYearFile('2027年计划（有错）.xlsx', (wb) => {
      planCell(wb, '随机抽查事项清单', '公章刻制业', '抽查比例').value = '五成';
      planCell(wb, '责任分工', '旅馆业', '责任单位').value = '交警大队';
    });
    const refused = await upload('陶向东', file, '2027年计划（有错）.xlsx', '未导入计划');
    const text = textOf(refused.content);
    expect(text).toContain('有 **2** 处问题，**计划未作任何改动**');
    expect(text).toContain('工作表“随机抽查事项清单”第 7 行 抽查比例：无法识别抽查比例“五成”');
    expect(text).toContain('工作表“责任分工”第 5 行 责任单位：责任单位“交警大队”不在单位名单中');
    expect(await models.PlanVersion.countDocuments()).toBe(before);
  });

  it('lets the 组长 send a version back with a reason, and only the office send plans', async () => {
    const file = await nextYearFile('2027年计划v2.xlsx', (wb) => {
      planCell(wb, '随机抽查事项清单', '旅馆业', '抽查比例').value = '20%';
    });
    const sent = await upload('陶向东', file, '2027年计划v2.xlsx', '待组长审批：2027 年度计划（第 2 版）');
    expect(textOf(sent.content)).toContain('旅馆业：抽查比例 10% → 20%');
    const approval = await cardTitled('李良', '待组长审批：2027 年度计划（第 2 版）');
    expect(
      JSON.stringify(await press('李良', approval, '退回', { reason: '旅馆业比例请与市局核对' })),
    ).toContain('已退回');
    await waitFor(
      async () =>
        (await cardsOf('陶向东')).some(
          (m) => m.message_id === sent.message_id && textOf(m.content).includes('旅馆业比例请与市局核对'),
        ),
      'office card rejected',
    );
    expect((await db().models.PlanVersion.findById('2027-2').lean())?.status).toBe('rejected');

    const notOffice = await upload('彭世杰', file, '2027年计划v2.xlsx', '无法导入');
    expect(textOf(notOffice.content)).toContain('只有领导小组办公室可以上传年度计划');
  });

  it('shows the plans and gives the 组长 a pending version’s card again (/计划)', async () => {
    const file = await nextYearFile('2027年计划v3.xlsx', (wb) => {
      planCell(wb, '随机抽查事项清单', '旅馆业', '抽查比例').value = '15%';
    });
    await upload('陶向东', file, '2027年计划v3.xlsx', '待组长审批：2027 年度计划（第 3 版）');
    const status = await ask('李良', '/计划', '年度计划');
    expect(textOf(status.content)).toContain('2026 年度计划：偃公通〔2023〕40号');
    expect(textOf(status.content)).toContain(
      '2027 年度计划：偃公通〔2027〕3号，第 1 版，自 2027-01-01 起施行',
    );
    expect(textOf(status.content)).toContain('第 3 版（2027年计划v3.xlsx）待组长审批');
    const again = await cardTitled(
      '李良',
      '待组长审批：2027 年度计划（第 3 版）',
      new Set([status.message_id]),
    );
    expect(textOf(again.content)).toContain('旅馆业：抽查比例 10% → 15%');
  });

  it('sends an empty template with a guide sheet (/导出 计划模板)', async () => {
    const card = await ask('陶向东', '/导出 计划模板', '已导出：计划模板');
    expect(textOf(card.content)).toContain('第一张表是填写说明');
  });

  it('changes who answers for an item by command (/计划 调整), checked like a file', async () => {
    const unknown = await ask('陶向东', '/计划 调整 旅馆业 责任人 王五', '未导入计划');
    expect(textOf(unknown.content)).toContain('责任人“王五”不属于任何单位');
    const otherUnit = await ask('陶向东', '/计划 调整 娱乐场所 责任人 郭继涛', '未导入计划');
    expect(textOf(otherUnit.content)).toContain('责任人“郭继涛”属于禁毒大队，与责任单位“治安大队”不一致');
    const refused = await ask('彭世杰', '/计划 调整 娱乐场所 责任人 郭继涛', '无法完成');
    expect(textOf(refused.content)).toContain('只有领导小组办公室可以上传年度计划');

    const sent = await ask(
      '陶向东',
      '/计划 调整 娱乐场所 责任单位 禁毒大队 责任人 郭继涛',
      '待组长审批：2026 年度计划（第 2 版）',
    );
    expect(textOf(sent.content)).toContain('娱乐场所：责任单位 治安大队 → 禁毒大队；责任人 彭世杰 → 郭继涛');
    const approval = await cardTitled('李良', '待组长审批：2026 年度计划（第 2 版）');
    expect(textOf(approval.content)).toContain('调整：娱乐场所 责任单位 禁毒大队，责任人 郭继涛');
  });
});
