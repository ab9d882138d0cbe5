import { join } from 'node:path';
import { fileReport } from '../../src/services/reports';
import { planDay } from '../../src/services/schedule';
import { sendReviewCard } from '../../src/services/task-cards';
import { sendApprovalCard } from '../../src/services/draw-cards';
import { proposeDraw, submitDraw } from '../../src/services/draws';
import { randomBytes } from 'node:crypto';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf } from '../helpers/chat';
import { demoDraw, demoReport } from '../helpers/publications';
import { editedPlanFile, planCell } from '../helpers/plan-files';

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * A 责任人 replaced in the middle of the year (issue 16): an amended plan, approved to take effect on a
 * day, moves the open review and the next prompt to the new person from that day — not before — and the
 * new person can act on them; the versions keep who was responsible when.
 */
describe('a mid-year change of 责任人', () => {
  let clock = DEMO_NOW;
  const { emu, db, bot, dir, errors } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const { cardTitled, press, upload } = chatAs(emu);

  it('hands the open review and the next draw prompt to the new 责任人 from the effective day', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', clock);
    const task = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    await fileReport(models, task.taskNo, task.inspectorKeys[0]!, demoReport('消防通道堵塞'), clock);
    await sendReviewCard(bot().deps, task.taskNo);
    await cardTitled('彭世杰', `待审核：${task.targetName}`);
    // A draw of 娱乐场所 awaiting its 责任局领导's approval (赵晓辉).
    const proposed = await proposeDraw(models, {
      year: 2026,
      itemCode: 'entertainment',
      round: 1,
      actor: 'name:彭世杰',
      now: clock,
      randomBytes,
      idempotencyKey: 'plan-change',
    });
    if (!proposed.ok) throw new Error(proposed.reason);
    await submitDraw(models, proposed.draw.drawNo, 'name:彭世杰', clock);
    await sendApprovalCard(bot().deps, proposed.draw.drawNo);
    await cardTitled('赵晓辉', '待审批：娱乐场所');

    // The new 责任人: an ordinary inspector of 治安大队 (not its head; known to the bureau, so the file
    // need not list them), with a name no one else has.
    const officers = await models.Person.find(
      { unitName: '治安大队', roles: 'inspector' },
      { key: 1, name: 1, roles: 1 },
    ).lean();
    const successor = officers.find(
      (o) => !o.roles.includes('unit_head') && officers.filter((x) => x.name === o.name).length === 1,
    )!;

    const file = await editedPlanFile(models, join(dir(), '2026年计划（调整责任人）.xlsx'), {
      year: 2026,
      edit: (wb) => {
        for (const item of ['旅馆业', '娱乐场所'])
          planCell(wb, '责任分工', item, '责任人').value = successor.name;
        // 娱乐场所 gets another 责任局领导 too.
        planCell(wb, '责任分工', '娱乐场所', '责任局领导').value = '焦柳扬';
      },
    });
    const sent = await upload(
      '陶向东',
      file,
      '2026年计划（调整责任人）.xlsx',
      '待组长审批：2026 年度计划（第 2 版）',
    );
    expect(textOf(sent.content)).toContain(`旅馆业：责任人 彭世杰 → ${successor.name}`);
    const approval = await cardTitled('李良', '待组长审批：2026 年度计划（第 2 版）');
    await press('李良', approval, '批准', { docNumber: '偃公通〔2026〕51号', effectiveOn: '2026-11-30' });

    // Before the day: nothing moves.
    expect((await models.Item.findOne({ code: 'hotels' }).lean())?.section.responsiblePerson).toBe('彭世杰');
    // On the day, the daily run applies it and hands the review over (the worker's job).
    clock = at('2026-11-30');
    await bot().deps.jobs.enqueue('schedule', { day: '2026-11-30' });
    // The day's sends (reminders of the open tasks) go out at the platform's pace first: wait for all of it.
    await bot().queue.idle(120_000);
    const review = await cardTitled(successor.name, `待审核：${task.targetName}`);
    // The draw awaiting approval goes to the new 责任局领导, who may approve it; the former one no longer may.
    const approval2 = await cardTitled('焦柳扬', '待审批：娱乐场所');
    expect(
      JSON.stringify(
        await press('赵晓辉', await cardTitled('赵晓辉', '待审批：娱乐场所'), '批准', {
          phrase: '旧领导的随机码',
        }),
      ),
    ).toContain('只有“娱乐场所”的责任局领导（焦柳扬）或领导小组组长可以审批');
    expect(JSON.stringify(await press('焦柳扬', approval2, '批准', { phrase: '新领导的随机码' }))).toContain(
      '已批准',
    );
    expect((await models.Item.findOne({ code: 'hotels' }).lean())?.section.responsiblePerson).toBe(
      successor.name,
    );
    const accepted = await press(successor.name, review, '通过');
    expect(JSON.stringify(accepted)).not.toContain('只有');
    expect((await models.Task.findOne({ taskNo: task.taskNo }).lean())?.status).toBe('accepted');

    // The next reminder about 旅馆业 — its accepted result's 公示 — goes to the new 责任人 (planned day by day).
    let reminded: string[] = [];
    for (
      let d = new Date(at('2026-12-01'));
      reminded.length === 0 && d < at('2027-01-31');
      d = new Date(d.getTime() + 86_400_000)
    ) {
      clock = d;
      reminded = (await planDay(bot().deps)).sends
        .filter((x) => x.kind === 'publication-reminder' || x.kind === 'publication-overdue')
        .map((x) => ('to' in x ? x.to : ''));
    }
    expect(reminded).toEqual([successor.key]);

    // Who was responsible when: both versions are kept, each with its 文号 and effective day.
    const versions = await models.PlanVersion.find({ year: 2026 }, { template: 0 })
      .sort({ version: 1 })
      .lean();
    expect(versions.map((v) => [v.version, v.status, v.docNumber, v.effectiveOn])).toEqual([
      [1, 'superseded', '偃公通〔2023〕40号', '2026-11-26'],
      [2, 'approved', '偃公通〔2026〕51号', '2026-11-30'],
    ]);
    // The public plan names the amendment: its 文号, and the version it amends.
    const published = (await models.Publication.findById('plan-2026').lean())!.content as {
      basedOn: string;
      amends?: unknown;
    };
    expect(published.basedOn).toBe('偃公通〔2026〕51号');
    expect(published.amends).toEqual([{ docNumber: '偃公通〔2023〕40号', effectiveOn: '2026-11-26' }]);
  }, 180_000);
});
