import { randomBytes } from 'node:crypto';
import { withFacts } from '../../src/services/task-records';
import { join } from 'node:path';
import { evaluateYear } from '../../src/services/evaluation';
import { importPool } from '../../src/services/import-pool';
import { approvePlan } from '../../src/services/plans';
import { submitPlanFile } from '../../src/services/plan-upload';
import { publishResults } from '../../src/services/publications';
import { fileReport, reviewReport } from '../../src/services/reports';
import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../../src/services/draws';
import { PROJECT_ROOT } from '../../src/config/paths';
import { useTestDb } from '../helpers/services';
import { testCreditCode, useTempDir, writeXlsx } from '../helpers/sheets';

/**
 * Another county, from an empty database: its own plan (other items, ratios, dates, leaders; a made-up
 * bureau in data/plans/) submitted from the command line's path, approved by its 组长, and its whole
 * path — draw, approval, report, review, 公示, 考评 — with nothing of the reference bureau involved.
 */
describe('a second county runs the whole path on its own plan', () => {
  const db = useTestDb();
  const dir = useTempDir();
  const now = new Date('2026-12-01T02:00:00Z');

  it('submits, approves and runs 典当业 from draw to 考评', async () => {
    const { models } = db();
    const file = join(PROJECT_ROOT, 'data', 'plans', 'hechuan-2026.json');
    const submitted = await submitPlanFile(models, {
      file,
      fileName: 'hechuan-2026.json',
      actor: 'cli:op',
      now,
    });
    if (!submitted.ok) throw new Error(submitted.problems.join('\n'));
    expect(submitted.changes).toEqual(['首个年度计划：3 个抽查事项']);
    // First start: the plan's 组长 and office are registered so that the 组长 can decide.
    expect((await models.Person.find({}).lean()).map((p) => p.name).sort()).toEqual(
      ['周建国', '吴国平', '孙丽'].sort(),
    );
    await expect(
      approvePlan(models, {
        id: submitted.version._id,
        actor: 'name:周建国',
        now,
        docNumber: '河公通〔2026〕7号',
        effectiveOn: '2026-12-01',
      }),
    ).resolves.toMatchObject({ applied: true });
    expect((await models.Item.find({}).lean()).map((i) => i.code).sort()).toEqual([
      'courier-logistics',
      'pawnshops',
      'vehicle-repair',
    ]);

    const targets = await writeXlsx(join(dir(), '典当行.xlsx'), [
      ['名称', '统一社会信用代码', '地址', '抽查事项'],
      ...[1, 2, 3].map((n) => [`河川县第${n}典当行`, testCreditCode(900 + n), `城关镇${n}号`, '典当行']),
    ]);
    const officers = await writeXlsx(join(dir(), '执法人员.xlsx'), [
      ['姓名', '执法证号', '所属单位'],
      ...['赵一鸣', '钱二虎', '孙三江', '李四海'].map((name, n) => [name, `41999900000${n}`, '城关派出所']),
    ]);
    expect((await importPool(models, 'targets', targets, { actor: 'name:孙丽', now })).problems).toEqual([]);
    expect((await importPool(models, 'officers', officers, { actor: 'name:孙丽', now })).problems).toEqual(
      [],
    );

    const proposed = await proposeDraw(models, {
      year: 2026,
      itemCode: 'pawnshops',
      round: 1,
      actor: 'name:王磊',
      now,
      randomBytes,
      idempotencyKey: 'second-county',
    });
    if (!proposed.ok) throw new Error(proposed.reason);
    const drawNo = proposed.draw.drawNo;
    await submitDraw(models, drawNo, 'name:王磊', now);
    await approveDraw(models, drawNo, 'name:钱伟', now, '河川随机码一');
    expect((await dispatchDraw(models, drawNo, 'name:钱伟', now)).tasks).toBe(3); // 100%

    const tasks = await withFacts(models, await models.Task.find({ drawNo }).sort({ taskNo: 1 }).lean());
    expect(tasks.every((t) => t.unitName === '城关派出所' && t.deadline === '2026-12-30')).toBe(true);
    for (const t of tasks) {
      await fileReport(
        models,
        t.taskNo,
        t.inspectorKeys[0]!,
        {
          inspectedOn: '2026-12-02',
          method: '现场检查',
          result: '未发现问题',
          findings: '',
          followUp: '无需后续处置',
          rectification: '',
        },
        now,
      );
      await reviewReport(models, t.taskNo, 'name:王磊', 'accept', '', now);
    }
    await publishResults(
      models,
      tasks.map((t) => t.taskNo),
      'name:王磊',
      now,
    );

    const evaluation = await evaluateYear(models, 2026, '2026-12-31');
    expect(evaluation.units.map((u) => u.unitName).sort()).toEqual(
      ['交通管理大队', '城关派出所', '治安管理大队'].sort(),
    );
    const cg = evaluation.units.find((u) => u.unitName === '城关派出所')!;
    expect(cg).toMatchObject({ assigned: 3, completed: 3, publicationsOnTime: 3 });
  });
});
