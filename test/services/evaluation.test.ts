import { evaluateYear } from '../../src/services/evaluation';
import { storeReports, storeTasks } from '../helpers/stored-tasks';
import { DEFAULT_EVALUATION } from '../../src/domain/evaluation';
import { useTestDb } from '../helpers/services';

const by = { createdBy: 'test', updatedBy: 'test' };

/**
 * The service reads what it needs from real FerretDB documents. Figures counted by hand, as of Thu
 * 2026-11-26 (2026: 1–7 Oct off, Sat 10 Oct a make-up working day).
 */
describe('evaluateYear on FerretDB', () => {
  const db = useTestDb();

  beforeAll(async () => {
    const { models } = db();
    const task = (taskNo: string, unitName: string, deadline: string, status: string, extra = {}) => ({
      taskNo,
      year: 2026,
      itemCode: 'entertainment',
      itemName: '娱乐场所',
      round: 1,
      unitName,
      targetCreditCode: `91410381MA000${taskNo.slice(-5)}`,
      targetName: `目标${taskNo.slice(-4)}`,
      inspectorKeys: ['badge:1'],
      deadline,
      status,
      dispatchedOn: '2026-09-01',
      ...extra,
    });
    await storeTasks(models, [
      task('CC2026-04-R1-01-0001', '治安大队', '2026-10-30', 'accepted'),
      task('CC2026-04-R1-01-0002', '治安大队', '2026-09-30', 'accepted', { returnCount: 1 }),
      task('CC2026-04-R1-01-0003', '治安大队', '2026-11-20', 'open'),
      task('CC2026-04-R1-01-0004', '治安大队', '2026-12-30', 'returned', { returnCount: 2 }),
      task('CC2025-04-R1-01-0001', '治安大队', '2025-12-30', 'open', { year: 2025 }),
      task('CC2026-01-R1-01-0001', '禁毒大队', '2026-11-30', 'accepted'),
    ]);
    const report = (taskNo: string, inspectedOn: string, status: string) => ({
      ...by,
      taskNo,
      inspectedOn,
      method: '现场检查',
      resultCategory: '未发现问题',
      followUp: '无需后续处置',
      submittedBy: 'badge:1',
      review: { status },
    });
    await storeReports(models, [
      report('CC2026-04-R1-01-0001', '2026-10-20', 'accepted'),
      report('CC2026-04-R1-01-0002', '2026-10-10', 'accepted'),
      report('CC2026-04-R1-01-0004', '2026-11-10', 'returned'),
      report('CC2026-01-R1-01-0001', '2026-11-02', 'accepted'),
    ]);
    const publication = (
      taskNo: string,
      unitName: string,
      status: string,
      dueBy: string,
      publishedOn: string | null,
    ) => ({
      ...by,
      _id: `result-${taskNo}`,
      kind: 'result',
      year: Number(taskNo.slice(2, 6)),
      unitName,
      subject: taskNo,
      status,
      readyOn: '2026-10-21',
      dueBy,
      publishedOn,
      content: { taskNo },
    });
    await models.Publication.create([
      publication('CC2026-04-R1-01-0001', '治安大队', 'published', '2026-11-18', '2026-11-02'),
      publication('CC2026-04-R1-01-0002', '治安大队', 'pending', '2026-11-09', null),
      publication('CC2026-01-R1-01-0001', '禁毒大队', 'pending', '2026-12-01', null),
    ]);
    // 异议 against 治安大队's published result: one corrected, then one upheld; and one of 2025 (not counted).
    const objection = (id: string, year: number, status: string) => ({
      ...by,
      _id: id,
      taskNo: id.split('#')[0],
      year,
      itemCode: 'entertainment',
      itemName: '娱乐场所',
      unitName: '治安大队',
      targetName: '目标0001',
      objector: '某歌厅',
      receivedOn: '2026-11-19',
      dueBy: '2026-12-03',
      content: '不服',
      before: {},
      status,
    });
    await models.Objection.create([
      objection('CC2026-04-R1-01-0001#1', 2026, 'corrected'),
      objection('CC2026-04-R1-01-0001#2', 2026, 'upheld'),
      objection('CC2025-04-R1-01-0001#1', 2025, 'corrected'),
    ]);
  });

  it('counts per unit and scores by the default formula', async () => {
    const result = await evaluateYear(db().models, 2026, '2026-11-26');
    expect(result.config).toEqual(DEFAULT_EVALUATION);
    expect(result.units).toEqual([
      {
        unitName: '禁毒大队',
        assigned: 1,
        due: 1, // accepted early
        completed: 1,
        onTime: 1,
        overdue: 0,
        overdueWorkdays: 0,
        returned: 0,
        publicationsDue: 0, // pending, due 12-01: not yet counted
        publicationsOnTime: 0,
        drawsLate: 0,
        roundsMissed: 0,
        roundsWaived: 0,
        objections: 0,
        corrected: 0,
        rates: { completion: 1, onTime: 1, publication: null },
        penalties: { returned: 0, overdue: 0, corrected: 0 },
        score: 100, // 40 + 30 + 30 (no 公示 due: full credit)
      },
      {
        unitName: '治安大队',
        assigned: 4, // the 2025 task is not 2026's
        due: 3, // 0001, 0002 accepted; 0003 due 11-20; 0004 due 12-30 is not
        completed: 2,
        onTime: 1, // 0001; 0002 inspected 10-10 after 09-30
        overdue: 2, // 0002 late, 0003 open past 11-20
        overdueWorkdays: 7, // 0002: 10-08, 10-09, 10-10 = 3; 0003: 11-23…11-26 = 4
        returned: 3, // 1 + 2
        publicationsDue: 2, // one published, one pending past 11-09
        publicationsOnTime: 1,
        drawsLate: 0,
        roundsMissed: 0,
        roundsWaived: 0,
        objections: 2, // the 2025 one is not 2026's
        corrected: 1,
        rates: { completion: 2 / 3, onTime: 1 / 3, publication: 0.5 },
        penalties: { returned: 6, overdue: 3.5, corrected: 2 },
        // 40 × 2/3 + 30 × 1/3 + 30 × 1/2 = 26.67 + 10 + 15 = 51.67; − 6 − 3.5 − 2 = 40.17
        score: 40.2,
      },
    ]);
  });

  it('takes another year, and a year with nothing to evaluate', async () => {
    const y2025 = await evaluateYear(db().models, 2025, '2026-01-05');
    // Deadline Tue 2025-12-30, still open on 2026-01-05: Wed 12-31 works, 1–3 Jan are 元旦 off, Sun 01-04
    // is a make-up working day, Mon 01-05 works: 3 working days late.
    expect(y2025.units.map((u) => [u.unitName, u.assigned, u.due, u.overdue, u.overdueWorkdays])).toEqual([
      ['治安大队', 1, 1, 1, 3],
    ]);
    expect((await evaluateYear(db().models, 2030, '2026-11-26')).units).toEqual([]);
  });
});
