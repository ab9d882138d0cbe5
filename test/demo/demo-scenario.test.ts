import { listEvidence, readEvidence } from '../../src/adapters/db/evidence-store';
import { tasksOfYear } from '../../src/services/period-marks';
import { withFacts } from '../../src/services/task-records';
import { verifyEvidence } from '../../src/services/evidence-archive';
import { addDays, type IsoDate } from '../../src/domain/calendar';
import { stepDay } from '../../src/domain/schedule';
import { isWorkday, workdaysBetween } from '../../src/domain/workdays';
import { SCENARIO, loadDemoScenario } from '../../src/demo/demo-scenario';
import { pendingResults } from '../../src/services/publications';
import { planDay } from '../../src/services/schedule';
import { roundToDraw } from '../../src/services/draw-rounds';
import type { Sender } from '../../src/adapters/feishu/sender';
import { useTestDb } from '../helpers/services';
import { useTempDir } from '../helpers/sheets';

const directory = {
  userByOpenId: async () => null,
  openIdsByMobile: async () => new Map<string, string>(),
};
const sender = {} as Sender; // planDay only plans; nothing is sent

/** The scenario on three start days (a Monday in March, a December Tuesday, a July Thursday). */
describe.each(['2027-03-15', '2026-12-01', '2027-07-01'])(
  'the demo scenario started on %s',
  (today: IsoDate) => {
    const db = useTestDb();
    const dir = useTempDir();
    let year: number;

    beforeAll(async () => {
      ({ year } = await loadDemoScenario(db().models, dir(), today));
    }, 120_000);

    it('has a round ready to draw, its draw-by date a few working days ahead', async () => {
      const r = await roundToDraw(db().models, today, SCENARIO.ready.itemCode);
      expect(r).toMatchObject({ kind: 'round', year, round: 1, late: false });
      const left = workdaysBetween(today, (r as { drawBy: string }).drawBy);
      expect(left).toBeGreaterThanOrEqual(2);
      expect(left).toBeLessThanOrEqual(5);
    });

    it('has open tasks due within the next working days, and some reports filed', async () => {
      const { models } = db();
      const open = (await withFacts(models, await models.Task.find({ status: 'open' }).lean())).filter(
        (t) => t.itemCode === SCENARIO.inProgress.itemCode,
      );
      expect(open.length).toBeGreaterThan(0);
      for (const t of open) {
        expect(t.deadline > today).toBe(true);
        expect(t.deadline <= stepDay(today, 5)).toBe(true);
      }
      expect(
        (await tasksOfYear(models, year)).filter(
          (t) => t.itemCode === SCENARIO.inProgress.itemCode && t.status === 'reported',
        ).length,
      ).toBeGreaterThan(0);
    });

    it('gives each filed report its signed 检查记录表 (a PDF whose cross-references hold), chained in the audit log', async () => {
      const { models } = db();
      const reported = await models.Task.find(
        { status: { $in: ['reported', 'accepted'] } },
        { _id: 1 },
      ).lean();
      expect(reported.length).toBeGreaterThan(0);
      for (const t of reported)
        expect((await listEvidence(models, t._id)).map((e) => [e.name, e.kind])).toEqual([
          ['检查记录表（签字）.pdf', 'pdf'],
        ]);
      const check = await verifyEvidence(models);
      expect(check).toMatchObject({ files: reported.length, problems: [] });
      // Each xref offset points at its object, and startxref at the table: a viewer opens it.
      const pdf = (await readEvidence(
        models,
        reported[0]!._id,
        `ev-demo-${reported[0]!._id}`,
      ))!.data.toString('latin1');
      const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
      offsets.forEach((o, i) => expect(pdf.slice(o, o + 8)).toBe(`${i + 1} 0 obj\n`));
      expect(
        pdf.slice(Number(/startxref\n(\d+)/.exec(pdf)![1]), Number(/startxref\n(\d+)/.exec(pdf)![1]) + 4),
      ).toBe('xref');
    });

    it('has results due for 公示 ahead, and some already published', async () => {
      const pending = await pendingResults(db().models);
      expect(pending.length).toBeGreaterThan(0);
      for (const p of pending) expect(p.dueBy > today).toBe(true);
      expect(
        await db().models.Publication.countDocuments({ kind: 'result', status: 'published' }),
      ).toBeGreaterThan(0);
      expect(
        await db().models.Task.countDocuments({
          itemCode: SCENARIO.done.itemCode,
          status: { $ne: 'accepted' },
        }),
      ).toBe(0);
    });

    it('escalates nothing on the start day; prompts the draw and reminds of the tasks and the 公示', async () => {
      // The first working day from the start day on, after the daily run (09:00 Beijing).
      let day = today;
      while (!isWorkday(day)) day = addDays(day, 1);
      const plan = await planDay({
        models: db().models,
        directory,
        sender,
        now: () => new Date(`${day}T09:30:00+08:00`),
      });
      const kinds = plan.sends.map((s) => s.kind);
      expect(kinds).not.toContain('draw-overdue');
      expect(kinds).not.toContain('task-overdue');
      expect(kinds).not.toContain('publication-overdue');
      if (day === today) {
        expect(kinds).toContain('draw-prompt');
        expect(kinds).toContain('reminder');
        expect(kinds).toContain('publication-reminder');
      }
    });
  },
);
