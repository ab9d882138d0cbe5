import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { demoDraw, demoReport } from '../helpers/publications';
import { fileReport, reviewReport } from '../../src/services/reports';
import { migrateOpenTasks, openTasks } from '../../src/services/open-tasks';
import { unfinishedTasksOf } from '../../src/services/items';

/**
 * The ledger of unfinished tasks follows each task: in at dispatch, its status on filing and on 退回, out
 * once accepted; and a database from before it is filled from the tasks once.
 */
describe('the open-task ledger', () => {
  const { db } = useDemoBot();

  it('follows each task from dispatch to acceptance, as the tasks themselves say', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ _id: 1 }).lean();
    const ledger = async () => Object.fromEntries((await openTasks(models)).map((t) => [t.taskNo, t.status]));
    const truth = async () =>
      Object.fromEntries(
        (await models.Task.find({ status: { $in: ['open', 'returned', 'reported'] } }).lean()).map((t) => [
          t.taskNo,
          t.status,
        ]),
      );
    expect(Object.keys(await ledger())).toHaveLength(tasks.length);
    const [a, b, c] = tasks as [(typeof tasks)[0], (typeof tasks)[0], (typeof tasks)[0]];
    for (const t of [a, b, c])
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, demoReport('消防通道堵塞'), DEMO_NOW);
    await reviewReport(models, a.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    await reviewReport(models, b.taskNo, 'name:彭世杰', 'return', '照片不清', DEMO_NOW);
    expect(await ledger()).toEqual(await truth());
    expect((await ledger())[a.taskNo]).toBeUndefined();
    expect((await ledger())[b.taskNo]).toBe('returned');
    expect((await ledger())[c.taskNo]).toBe('reported');
    // /我的任务 reads it: an inspector's unfinished tasks, soonest deadline first.
    const mine = await unfinishedTasksOf(models, c.inspectorKeys[0]!);
    expect(mine.map((t) => t.taskNo)).toContain(c.taskNo);
    expect(mine.map((t) => t.taskNo)).not.toContain(a.taskNo);
    expect(mine.every((t) => t.inspectorKeys.includes(c.inspectorKeys[0]!))).toBe(true);

    // A database written before the ledger: built from the tasks at the next start, once.
    await models.OpenTask.deleteMany({});
    await models.OpenTaskBatch.deleteMany({});
    await models.Receipt.deleteOne({ _id: 'migration:open-tasks' });
    expect(await migrateOpenTasks(models, DEMO_NOW)).toBe(tasks.length - 1);
    expect(await ledger()).toEqual(await truth());
    expect(await migrateOpenTasks(models, DEMO_NOW)).toBe(0);
  });

  it('keeps a dispatch as one batch until its tasks are all accepted, then drops it with their marks', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'entertainment', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ _id: 1 }).lean();
    const batches = async () => (await models.OpenTaskBatch.find({}, { _id: 1 }).lean()).length;
    const marksOf = () => models.OpenTask.find({ _id: { $in: tasks.map((t) => t.taskNo) } }).lean();
    const batchesBefore = await batches();
    expect(batchesBefore).toBeGreaterThan(0);
    // Only changed tasks have a mark of their own: the rest are their batch's entries.
    expect(await marksOf()).toEqual([]);
    const [first, ...rest] = tasks;
    for (const t of tasks)
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, demoReport('消防通道堵塞'), DEMO_NOW);
    await reviewReport(models, first!.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    // One task done: its batch stays for the others, and its mark hides its entry.
    const open = (await openTasks(models)).map((t) => t.taskNo);
    expect(open).not.toContain(first!.taskNo);
    expect(open).toEqual(expect.arrayContaining(rest.map((t) => t.taskNo)));
    expect(await batches()).toBe(batchesBefore);
    for (const t of rest) await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    const left = (await openTasks(models)).map((t) => t.taskNo);
    expect(left.filter((no) => tasks.some((t) => t.taskNo === no))).toEqual([]);
    // The read that found the batch done dropped it and the marks that said so.
    expect(await batches()).toBe(batchesBefore - 1);
    expect(await marksOf()).toEqual([]);
    expect(await openTasks(models)).toEqual(await openTasks(models));
  });
});
