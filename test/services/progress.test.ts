import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { demoDraw, demoReport } from '../helpers/publications';
import { fileReport, reviewReport } from '../../src/services/reports';
import { yearProgress } from '../../src/services/progress';

/**
 * `/进度` counts from the draws and the ledger of unfinished work, not from the tasks themselves: the
 * counts must still be what the tasks say, state by state, overdue included.
 */
describe('the year’s progress', () => {
  const { db } = useDemoBot();

  it('counts each item’s tasks by state as the tasks themselves say', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ _id: 1 }).lean();
    expect(tasks.length).toBeGreaterThan(3);
    const [a, b, c] = tasks as [(typeof tasks)[0], (typeof tasks)[0], (typeof tasks)[0]];
    for (const t of [a, b, c])
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, demoReport('消防通道堵塞'), DEMO_NOW);
    await reviewReport(models, a.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    await reviewReport(models, b.taskNo, 'name:彭世杰', 'return', '照片不清', DEMO_NOW);

    const draw = (await models.Draw.findOne({ _id: drawNo }).lean())!;
    const truth = async (today: string) => {
      const all = await models.Task.find({ drawNo }).lean();
      const unfinished = all.filter((t) => t.status === 'open' || t.status === 'returned');
      return {
        tasks: all.length,
        accepted: all.filter((t) => t.status === 'accepted').length,
        reported: all.filter((t) => t.status === 'reported').length,
        open: unfinished.length,
        overdue: today > draw.deadline ? unfinished.length : 0,
      };
    };
    const hotels = async (today: string) =>
      (await yearProgress(models, 2026, today)).find((i) => i.itemCode === 'hotels')!;
    for (const today of ['2026-11-26', '2099-01-01']) {
      const shown = await hotels(today);
      expect(shown).toMatchObject(await truth(today));
      expect(shown.rounds.find((r) => r.round === 1)?.drawNo).toBe(drawNo);
    }
    expect(await truth('2099-01-01')).toMatchObject({ accepted: 1, reported: 1, open: tasks.length - 2 });
    // No other item has tasks; a year without draws has none.
    const others = (await yearProgress(models, 2026, '2026-11-26')).filter((i) => i.itemCode !== 'hotels');
    expect(others.every((i) => i.tasks === 0 && i.rounds.every((r) => r.drawNo === null))).toBe(true);
    expect((await yearProgress(models, 2025, '2026-11-26')).every((i) => i.tasks === 0)).toBe(true);
  });
});
