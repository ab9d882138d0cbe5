import type { Models } from '../../src/adapters/db/models';
import type { DrawFacts } from '../../src/services/task-records';

/** A task as readers see it (src/services/task-records.ts): its own fields and its draw's. */
export interface TaskFixture extends DrawFacts {
  taskNo: string;
  dispatchedOn: string;
  targetCreditCode: string;
  targetName: string;
  inspectorKeys: string[];
  status: string;
  returnCount?: number;
}

/**
 * Stores whole tasks as a dispatch would: each task's own fields on it, the rest on a draw of its own
 * (numbered after the task, so fixtures may give tasks any deadline, unit or item). Gives the draw numbers.
 */
export async function storeTasks(models: Models, tasks: readonly TaskFixture[]): Promise<string[]> {
  const drawNos = tasks.map((t) => `${t.taskNo}-D`);
  await models.Draw.collection.insertMany(
    tasks.map((t, i) => ({
      _id: drawNos[i]!,
      drawNo: drawNos[i]!,
      year: t.year,
      itemCode: t.itemCode,
      itemName: t.itemName,
      round: t.round,
      deadline: t.deadline,
      dispatchedOn: t.dispatchedOn,
      inputs: { unit: t.unitName },
      status: 'dispatched',
    })) as never[],
  );
  await models.Task.insertMany(
    tasks.map((t, i) => ({
      _id: t.taskNo,
      taskNo: t.taskNo,
      drawNo: drawNos[i]!,
      targetCreditCode: t.targetCreditCode,
      targetName: t.targetName,
      inspectorKeys: t.inspectorKeys,
      status: t.status,
      returnCount: t.returnCount ?? 0,
    })),
  );
  return drawNos;
}
