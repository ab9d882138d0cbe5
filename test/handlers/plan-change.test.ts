import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { exportXlsx } from '../../src/services/exports';
import { fileReport } from '../../src/services/reports';
import { planDay } from '../../src/services/schedule';
import { sendReviewCard } from '../../src/services/task-cards';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf } from '../helpers/chat';
import { openIdOf, testApi } from '../helpers/emulator';
import { demoDraw, demoReport } from '../helpers/publications';

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
  const { cardTitled, seenBy, press } = chatAs(emu);

  it('hands the open review and the next draw prompt to the new 责任人 from the effective day', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', clock);
    const task = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    await fileReport(models, task.taskNo, task.inspectorKeys[0]!, demoReport('消防通道堵塞'), clock);
    await sendReviewCard(bot().deps, task.taskNo);
    await cardTitled('彭世杰', `待审核：${task.targetName}`);

    // The new 责任人: an officer of 治安大队 (known to the bureau: the file need not list them).
    const officers = await models.Person.find(
      { unitName: '治安大队', roles: 'inspector' },
      { key: 1, name: 1 },
    ).lean();
    const successor = officers.find((o) => officers.filter((x) => x.name === o.name).length === 1)!;

    const exported = await exportXlsx(models, 'items', 2026, '2026-11-26');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(exported.data).buffer);
    const duties = wb.getWorksheet('责任分工')!;
    duties.eachRow((row) => {
      if (['旅馆业', '娱乐场所'].includes(String(row.getCell(1).value)))
        row.getCell(4).value = successor.name;
    });
    const file = join(dir(), '2026年计划（调整责任人）.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const seen = await seenBy('陶向东');
    await testApi(emu(), 'POST', 'messages', {
      open_id: await openIdOf(emu(), '陶向东'),
      file: { name: '2026年计划（调整责任人）.xlsx', base64: readFileSync(file).toString('base64') },
    });
    const sent = await cardTitled('陶向东', '待组长审批：2026 年度计划（第 2 版）', seen);
    expect(textOf(sent.content)).toContain(`旅馆业：责任人 彭世杰 → ${successor.name}`);
    const approval = await cardTitled('李良', '待组长审批：2026 年度计划（第 2 版）');
    await press('李良', approval, '批准', { docNumber: '偃公通〔2026〕51号', effectiveOn: '2026-11-30' });

    // Before the day: nothing moves.
    expect((await models.Item.findOne({ code: 'hotels' }).lean())?.section.responsiblePerson).toBe('彭世杰');
    // On the day, the daily run applies it and hands the review over (the worker's job).
    clock = at('2026-11-30');
    await bot().queue.enqueue('schedule', {}, 'schedule-2026-11-30');
    // The day's sends (reminders of the open tasks) go out at the platform's pace first: wait for all of it.
    await bot().queue.idle(120_000);
    const review = await cardTitled(successor.name, `待审核：${task.targetName}`);
    expect((await models.Item.findOne({ code: 'hotels' }).lean())?.section.responsiblePerson).toBe(
      successor.name,
    );
    const accepted = await press(successor.name, review, '通过');
    expect(JSON.stringify(accepted)).not.toContain('只有');
    expect((await models.Task.findOne({ taskNo: task.taskNo }).lean())?.status).toBe('accepted');

    // The next prompt for 娱乐场所 (due by 30 December) goes to the new 责任人 too.
    clock = at('2026-12-23');
    const prompts = (await planDay(bot().deps)).sends.filter(
      (s) => s.kind === 'draw-prompt' && s.round.itemCode === 'entertainment',
    );
    expect(prompts.map((s) => ('to' in s ? s.to : ''))).toEqual([successor.key]);

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
