import type { Models } from '../adapters/db/models';
import type { OpenTaskDoc } from '../adapters/db/models/open-task';
import type { TaskDoc } from '../adapters/db/models/task';
import { UNFINISHED } from '../adapters/db/models/open-task';
import { asDuplicateError } from '../adapters/db/errors';
import { migrateOnce } from '../adapters/db/claim';

type TaskFields = Pick<
  TaskDoc,
  'taskNo' | 'drawNo' | 'itemCode' | 'itemName' | 'unitName' | 'targetName' | 'deadline' | 'inspectorKeys'
>;
type Status = TaskDoc['status'];

export interface UnfinishedTask extends TaskFields {
  status: (typeof UNFINISHED)[number];
}

const entry = (t: TaskFields, status: Status) => ({
  _id: t.taskNo,
  drawNo: t.drawNo,
  itemCode: t.itemCode,
  itemName: t.itemName,
  unitName: t.unitName,
  targetName: t.targetName,
  deadline: t.deadline,
  inspectorKeys: t.inspectorKeys,
  status,
});

/** Freshly dispatched tasks join the ledger of unfinished work (a re-run finds them there). */
export async function addOpenTasks(models: Models, tasks: readonly TaskFields[]): Promise<void> {
  if (tasks.length === 0) return;
  try {
    await models.OpenTask.collection.insertMany(tasks.map((t) => entry(t, 'open')) as never[], {
      ordered: false,
    });
  } catch (err) {
    if (!asDuplicateError(err, 'open_tasks')) throw err;
  }
}

/**
 * Notes a task's new status beside its own (called right after it, and again by a retry of the same
 * move): unfinished it stays, with the new status; accepted it leaves.
 */
export async function noteTaskStatus(models: Models, task: TaskFields, status: Status): Promise<void> {
  if ((UNFINISHED as readonly string[]).includes(status))
    await models.OpenTask.updateOne({ _id: task.taskNo }, { $set: entry(task, status) }, { upsert: true });
  else await models.OpenTask.deleteOne({ _id: task.taskNo });
}

/** Every unfinished task (the ledger is read whole: it holds the current work only). */
export async function openTasks(models: Models): Promise<UnfinishedTask[]> {
  const docs: OpenTaskDoc[] = await models.OpenTask.find({}).lean();
  return docs.map(({ _id, ...t }) => ({ ...t, taskNo: _id, status: t.status as UnfinishedTask['status'] }));
}

const BUILT = 'migration:open-tasks';

/**
 * Fills the ledger from the tasks of a database written before it existed: once (a receipt says so), the
 * one time every task is read.
 */
export async function migrateOpenTasks(models: Models, now = new Date()): Promise<number> {
  const done = await migrateOnce(models, BUILT, now, async () => {
    const tasks = await models.Task.find({ status: { $in: [...UNFINISHED] } }).lean();
    for (const t of tasks) await noteTaskStatus(models, t, t.status);
    return { tasks: tasks.length };
  });
  return done?.tasks ?? 0;
}
