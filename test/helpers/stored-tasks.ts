import type { Models } from '../../src/adapters/db/models';
import type { DrawFacts, TaskRecord } from '../../src/services/task-records';
import { proposeReassignment } from '../../src/services/reassign';
import { fakeRandom } from './chat';
import { DEMO_NOW } from './demo-bot';
import type { ReportDoc } from '../../src/adapters/db/models/report';
import { markDraw, markPeriod, monthOf } from '../../src/services/period-marks';
import { noteTaskStatus } from '../../src/services/open-tasks';
import { UNFINISHED } from '../../src/adapters/db/models/open-task';

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
 * Stores whole tasks as a dispatch, and the moves since, would: each task's own fields on it, the rest on a
 * draw of its own (numbered after the task, so fixtures may give tasks any deadline, unit or item), its
 * marks, and an unfinished one's entry in the ledger. Gives the draw numbers.
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
  for (const [i, t] of tasks.entries()) {
    await markDraw(models, { ...t, drawNo: drawNos[i]! });
    await markPeriod(models, monthOf(t.dispatchedOn), 'dispatched', [t.taskNo]);
    await markPeriod(models, String(t.year), 'tasks', [t.taskNo]);
    const status = UNFINISHED.find((s) => s === t.status);
    if (status) await noteTaskStatus(models, { ...t, drawNo: drawNos[i]! }, status);
  }
  return drawNos;
}

/** A report as stored (the model checks the rest). */
type ReportFixture = Pick<ReportDoc, 'taskNo' | 'inspectedOn'> & Record<string, unknown>;

/** Stores reports as filing would: each with its month's mark. */
export async function storeReports(models: Models, reports: readonly ReportFixture[]): Promise<void> {
  for (const r of reports) {
    await markPeriod(models, monthOf(r.inspectedOn), 'filed', [r.taskNo]);
    await models.Report.create(r);
  }
}

/**
 * A 改派 proposed for a stored task (its inspector `key` unavailable), as the schedule proposes it, with
 * test randomness tagged `tag`.
 */
export async function proposeReplacing(models: Models, task: TaskRecord, key: string, tag: string) {
  const proposal = await proposeReassignment(
    models,
    {
      taskNo: task.taskNo,
      itemCode: task.itemCode,
      unitName: task.unitName,
      deadline: task.deadline,
      key,
      reason: 'UNAVAILABLE',
    },
    DEMO_NOW,
    fakeRandom(tag),
  );
  if (!proposal) throw new Error(`no 改派 proposed for ${task.taskNo}`);
  return proposal;
}
