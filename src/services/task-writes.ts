import type { Models } from '../adapters/db/models';
import { exclusively } from '../adapters/db/claim';
import { DomainError } from '../domain/errors';
import { noteTaskStatus } from './open-tasks';
import { findTask, type TaskRecord } from './task-records';

/** What a change writes: fields of the task, and the status its ledger entry then notes (none: unchanged). */
export interface TaskChange {
  set?: Record<string, unknown>;
  note?: TaskRecord['status'];
}

/**
 * Changes a task alone: a move (filed, accepted, returned) and a 改派 write the same task document and its
 * ledger entry, and FerretDB writes a document whole as it read it, so a 改派 decided while a report was
 * filed could put the task back to 待填报 (the filing's receipt taken, the task stuck) or the filing put
 * back the replaced inspector. Under the task's lock, `change` sees the task as it is and its result is
 * written, then noted in the ledger with the task's other fields as they are.
 */
export async function changeTask(
  models: Models,
  taskNo: string,
  change: (task: TaskRecord) => TaskChange,
): Promise<TaskRecord> {
  return exclusively(
    models,
    `task:${taskNo}`,
    async () => {
      const task = await findTask(models, taskNo);
      if (!task) throw new DomainError('NO_TASK', `没有编号为 ${taskNo} 的检查任务`);
      const { set, note } = change(task);
      if (set) await models.Task.updateOne({ _id: taskNo }, { $set: set });
      const changed = { ...task, ...set } as TaskRecord;
      if (note) await noteTaskStatus(models, changed, note);
      return changed;
    },
    () => new DomainError('BUSY', `任务 ${taskNo} 正在由他人处理，请稍后再试`),
  );
}
