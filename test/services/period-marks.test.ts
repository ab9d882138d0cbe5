import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { demoDraw, demoReport } from '../helpers/publications';
import { fileReport, reviewReport } from '../../src/services/reports';
import {
  drawsOfYear,
  markedIn,
  markPeriod,
  migratePeriodMarks,
  tasksOfYear,
} from '../../src/services/period-marks';
import { evaluateYear } from '../../src/services/evaluation';
import { monthlySummary } from '../../src/services/monthly-summary';

/**
 * The months' marks name the tasks a month's summary concerns — dispatched in it, inspected in it by their
 * report — so the summary reads those alone; a mark is a candidate only, a database from before marks is
 * marked once, and the summary counts from the tasks and reports themselves.
 */
describe('the months’ marks and the summary that reads them', () => {
  const { db } = useDemoBot();

  it('take each number once however often marked, apart per month and kind', async () => {
    const { models } = db();
    await markPeriod(models, '2025-03', 'filed', ['A-0001', 'A-0002']);
    await markPeriod(models, '2025-03', 'filed', ['A-0002', 'A-0003']);
    await markPeriod(models, '2025-04', 'filed', ['A-0004']);
    await markPeriod(models, '2025-03', 'dispatched', ['A-0005']);
    expect([...(await markedIn(models, '2025-03', 'filed'))].sort()).toEqual(['A-0001', 'A-0002', 'A-0003']);
    expect([...(await markedIn(models, '2025-04', 'filed'))]).toEqual(['A-0004']);
    expect([...(await markedIn(models, '2025-03', 'dispatched'))]).toEqual(['A-0005']);
    expect(await markedIn(models, '2025-05', 'filed')).toEqual(new Set());
  });

  it('lose no number when many mark one period at once (each mark is an insert of its own)', async () => {
    const { models } = db();
    const numbers = Array.from({ length: 40 }, (_, i) => `B-${String(i).padStart(4, '0')}`);
    await Promise.all(numbers.map((n) => markPeriod(models, '2025-06', 'filed', [n])));
    expect([...(await markedIn(models, '2025-06', 'filed'))].sort()).toEqual(numbers);
    // Written without gaps: the next mark after a burst lands after the last.
    await markPeriod(models, '2025-06', 'filed', ['B-9999']);
    expect((await markedIn(models, '2025-06', 'filed')).size).toBe(41);
    expect(await models.PeriodMark.countDocuments({ _id: '2025-06:filed:42' })).toBe(0);
  });

  it('follow proposal, dispatch and filing; a report filed again in another month counts in that one only', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ _id: 1 }).lean();
    expect(tasks.length).toBeGreaterThan(2);
    const numbers = tasks.map((t) => t.taskNo);
    expect([...(await markedIn(models, '2026-11', 'dispatched'))].sort()).toEqual(numbers);
    expect([...(await markedIn(models, '2026', 'tasks'))].sort()).toEqual(numbers);
    expect(await markedIn(models, '2026', 'draws')).toEqual(new Set([drawNo]));

    const [a, b] = tasks as [(typeof tasks)[0], (typeof tasks)[0]];
    /** Files the task's report as one of its inspectors, inspected on `day`. */
    const file = (t: typeof a, day: string, now: Date) =>
      fileReport(models, t.taskNo, t.inspectorKeys[0]!, { ...demoReport('无'), inspectedOn: day }, now);
    await file(a, '2026-11-27', DEMO_NOW);
    await file(b, '2026-11-27', DEMO_NOW);
    await reviewReport(models, b.taskNo, 'name:彭世杰', 'return', '照片不清', DEMO_NOW);
    await file(b, '2026-12-01', new Date('2026-12-02T02:00:00Z'));

    const rowOf = async (month: string, asOf: string) => {
      const s = await monthlySummary(models, month, asOf);
      return { row: s.rows.find((r) => r.itemName === '旅馆业'), details: s.details.map((d) => d.taskNo) };
    };
    const november = await rowOf('2026-11', '2026-12-02');
    expect(november.row).toMatchObject({ dispatched: tasks.length, filed: 1 });
    expect(november.details.sort()).toEqual(numbers);
    const december = await rowOf('2026-12', '2026-12-02');
    expect(december.row).toMatchObject({ dispatched: 0, filed: 1 });
    expect(december.details).toEqual([b.taskNo]);
    // November still marks b (a candidate): the summary went by its report, which now says December.
    expect(await markedIn(models, '2026-11', 'filed')).toEqual(new Set([a.taskNo, b.taskNo]));

    const yearOf = async () => ({
      tasks: (await tasksOfYear(models, 2026, { status: 1 })).map((t) => [t.taskNo, t.status]).sort(),
      draws: (await drawsOfYear(models, 2026, { status: 1 })).map((d) => [d.drawNo, d.status]),
      evaluation: await evaluateYear(models, 2026, '2026-12-02'),
    });
    const year = await yearOf();
    expect(year.tasks).toHaveLength(tasks.length);
    expect(year.draws).toEqual([[drawNo, 'dispatched']]);
    // The hotels' unit, one report sent back: the 考评 read the year's tasks and their reports.
    expect(year.evaluation.units.filter((u) => u.assigned > 0)).toMatchObject([
      { assigned: tasks.length, returned: 1 },
    ]);

    // A database written before marks: marked from its draws, tasks and reports at the next start, once,
    // and the summaries and the year come out the same.
    await models.PeriodMark.deleteMany({});
    await models.Receipt.deleteOne({ _id: 'migration:period-marks' });
    expect((await rowOf('2026-11', '2026-12-02')).row).toBeUndefined();
    expect(await migratePeriodMarks(models, DEMO_NOW)).toBe(tasks.length);
    expect(await rowOf('2026-11', '2026-12-02')).toEqual(november);
    expect(await rowOf('2026-12', '2026-12-02')).toEqual(december);
    expect(await yearOf()).toEqual(year);
    expect(await migratePeriodMarks(models, DEMO_NOW)).toBe(0);
  });
});
