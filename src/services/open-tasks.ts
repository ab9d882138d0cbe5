import type { Models } from '../adapters/db/models';
import { withFacts, type TaskRecord } from './task-records';
import { UNFINISHED } from '../adapters/db/models/open-task';
import { putChunk, readAllChunks } from '../adapters/db/chunk-store';
import { migrateOnce } from '../adapters/db/claim';

type TaskFields = Pick<
  TaskRecord,
  'taskNo' | 'drawNo' | 'itemCode' | 'itemName' | 'unitName' | 'targetName' | 'deadline' | 'inspectorKeys'
>;
type Status = TaskRecord['status'];

export interface UnfinishedTask extends TaskFields {
  status: (typeof UNFINISHED)[number];
}

type Entry = ReturnType<typeof entry>;
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

/** Entries per batch chunk: ~1 MB of JSON, ~0.1 MB stored. */
const BATCH = 5_000;

/**
 * Freshly dispatched tasks join the ledger of unfinished work as a batch (content-addressed: a re-run
 * with the same tasks finds its chunks there).
 */
export async function addOpenTasks(models: Models, tasks: readonly TaskFields[]): Promise<void> {
  for (let i = 0; i < tasks.length; i += BATCH)
    await putChunk(
      models.OpenTaskBatch,
      tasks.slice(i, i + BATCH).map((t) => entry(t, 'open')),
    );
}

/**
 * Notes a task's new status beside its own (called right after it, and again by a retry of the same
 * move): its entry under its number, over its batch's; `accepted` marks it done.
 */
export async function noteTaskStatus(models: Models, task: TaskFields, status: Status): Promise<void> {
  await models.OpenTask.updateOne({ _id: task.taskNo }, { $set: entry(task, status) }, { upsert: true });
}

/**
 * Every unfinished task: the ledger read whole (it holds the current work only). Batches whose tasks
 * are all done are dropped here, with the marks that said so (only `accepted` ones: a task reopened
 * meanwhile keeps its new entry).
 */
export async function openTasks(models: Models): Promise<UnfinishedTask[]> {
  // The marks before the batches: a task's batch is written before any mark of it can be.
  const marks: Entry[] = await models.OpenTask.find({}).lean();
  const batches = await readAllChunks<Entry>(models.OpenTaskBatch);
  const accepted = new Set(marks.filter((m) => m.status === 'accepted').map((m) => m._id));
  const latest = new Map<string, Entry>();
  const dead: string[] = [];
  for (const [id, entries] of batches) {
    if (entries.every((e) => accepted.has(e._id))) dead.push(id);
    else for (const e of entries) latest.set(e._id, e);
  }
  const stale = [...accepted].filter((taskNo) => !latest.has(taskNo));
  for (const m of marks) latest.set(m._id, m);
  // The batches first: a crash between the two leaves marks that the next read drops, never a
  // batch whose done tasks would come back.
  if (dead.length > 0) await models.OpenTaskBatch.deleteMany({ _id: { $in: dead } });
  if (stale.length > 0) await models.OpenTask.deleteMany({ _id: { $in: stale }, status: 'accepted' });
  const unfinished: UnfinishedTask[] = [];
  for (const { _id, status, ...t } of latest.values())
    if (status !== 'accepted') unfinished.push({ ...t, taskNo: _id, status });
  return unfinished;
}

const BUILT = 'migration:open-tasks';

/**
 * Fills the ledger from the tasks of a database written before it existed: once (a receipt says so), the
 * one time every task is read.
 */
export async function migrateOpenTasks(models: Models, now = new Date()): Promise<number> {
  const done = await migrateOnce(models, BUILT, now, async () => {
    const tasks = await withFacts(
      models,
      await models.Task.find({ status: { $in: [...UNFINISHED] } }).lean(),
    );
    for (const t of tasks) await noteTaskStatus(models, t, t.status);
    return { tasks: tasks.length };
  });
  return done?.tasks ?? 0;
}
