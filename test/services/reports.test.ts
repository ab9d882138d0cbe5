import { fileReport, reviewReport } from '../../src/services/reports';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { demoDraw, demoReport } from '../helpers/publications';

/**
 * Filing is once per round: a retry of the same filing (its receipt taken) finishes it, as filed; a
 * changed or later filing is refused and never replaces the report or reopens a reviewed task.
 */
describe('fileReport, filed once per round', () => {
  const { db } = useDemoBot();

  it('takes the same filing again, refuses a changed one, and refuses any once reviewed', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const t = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    const by = t.inspectorKeys[0]!;
    const report = demoReport('消防通道堵塞');
    await fileReport(models, t.taskNo, by, report, DEMO_NOW);
    const audited = () => models.AuditEntry.countDocuments({ subject: t.taskNo, action: 'task.reported' });
    expect(await audited()).toBe(1);

    await fileReport(models, t.taskNo, by, report, DEMO_NOW);
    await expect(
      fileReport(models, t.taskNo, by, { ...report, findings: '改过的描述' }, DEMO_NOW),
    ).rejects.toThrow(`任务 ${t.taskNo} 已填报，不能重复填报`);
    expect((await models.Report.findOne({ _id: t.taskNo }).lean())!.findings).toBe(report.findings);
    expect(await audited()).toBe(1);

    await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    await expect(fileReport(models, t.taskNo, by, report, DEMO_NOW)).rejects.toThrow('已填报');
    expect((await models.Task.findOne({ _id: t.taskNo }).lean())!.status).toBe('accepted');
  });
});
