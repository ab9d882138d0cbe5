import { findTask } from './task-records';
import type { Models } from '../adapters/db/models';
import type { ReportDoc } from '../adapters/db/models/report';
import type { TaskRecord } from './task-records';
import type { ReportSummary, TaskCardView } from '../../cards/task-card';
import type { ReviewCardView } from '../../cards/review-card';
import { shanghaiDateTime } from '../domain/calendar';
import type { UnitTasksView } from '../../cards/unit-tasks-card';
import { DomainError } from '../domain/errors';
import { drawDecision } from './draws';
import { requireDraw } from './draw-store';
import { selectedTasks } from './draw-parts';
import { namesOf } from './names';
import { listEvidence } from '../adapters/db/evidence-store';
import type { EvidenceView } from '../../cards/evidence-cards';
import { EVIDENCE_KINDS, sizeText, type EvidenceKind } from '../domain/evidence';

/** An inspector's task card, from the stored task and its item. */
export async function taskCardView(models: Models, taskNo: string): Promise<TaskCardView> {
  const task = await findTask(models, taskNo);
  if (!task) throw new DomainError('NO_TASK', `没有编号为 ${taskNo} 的检查任务`);
  const item = await models.Item.findOne({ code: task.itemCode }).lean();
  const report = await models.Report.findOne({ _id: taskNo }).lean();
  const name = await namesOf(models, [
    ...task.inspectorKeys,
    report?.submittedBy ?? '',
    report?.review?.by ?? '',
  ]);
  return {
    ...taskBasics(task, item, name),
    ...(report ? { report: reportSummary(report, name) } : {}),
    evidence: (await listEvidence(models, taskNo)).map(evidenceView),
    evidenceRequired: item?.evidenceRequired ?? false,
    ...(report?.review?.by
      ? {
          review: {
            by: name(report.review.by),
            at: report.review.at ? shanghaiDateTime(report.review.at) : '',
            comment: report.review.comment ?? '',
          },
        }
      : {}),
  };
}

/** What every task card shows, from the task, its item and a way to name people (no database access). */
export function taskBasics(
  task: Pick<
    TaskRecord,
    | 'taskNo'
    | 'drawNo'
    | 'itemName'
    | 'targetName'
    | 'targetCreditCode'
    | 'targetAddress'
    | 'deadline'
    | 'unitName'
    | 'inspectorKeys'
    | 'status'
  >,
  item: { basis?: string; methods?: string[] } | null,
  name: (key: string) => string,
): TaskCardView {
  return {
    taskNo: task.taskNo,
    drawNo: task.drawNo,
    itemName: task.itemName,
    basis: item?.basis ?? '',
    methods: item?.methods ?? [],
    targetName: task.targetName,
    targetCreditCode: task.targetCreditCode,
    targetAddress: task.targetAddress ?? '',
    deadline: task.deadline,
    unit: task.unitName,
    inspectors: task.inspectorKeys.map(name),
    status: task.status,
  };
}

/** One stored file as the cards show it. */
export const evidenceView = (e: {
  id: string;
  name: string;
  kind: string;
  bytes: number;
  sha256: string;
  imageKey?: string | null;
}): EvidenceView => ({
  id: e.id,
  name: e.name,
  kind: EVIDENCE_KINDS[e.kind as EvidenceKind]?.label ?? e.kind,
  size: sizeText(e.bytes),
  sha256: e.sha256,
  imageKey: e.imageKey ?? null,
});

function reportSummary(r: ReportDoc, name: (k: string) => string): ReportSummary {
  return {
    inspectedOn: r.inspectedOn,
    method: r.method,
    result: r.resultCategory,
    findings: r.findings ?? '',
    followUp: r.followUp,
    rectification: r.rectification ?? '',
    by: name(r.submittedBy),
  };
}

/** The unit's review card of a filed report. */
export async function reviewCardView(models: Models, taskNo: string): Promise<ReviewCardView> {
  return reviewViewOf(await taskCardView(models, taskNo));
}

/** The review card's view from the task card's (no database access). */
export function reviewViewOf(view: TaskCardView): ReviewCardView {
  if (!view.report) throw new DomainError('NO_REPORT', `任务 ${view.taskNo} 尚未填报检查结果`);
  const status =
    view.status === 'accepted' ? 'accepted' : view.status === 'returned' ? 'returned' : 'pending';
  return {
    taskNo: view.taskNo,
    itemName: view.itemName,
    targetName: view.targetName,
    targetCreditCode: view.targetCreditCode,
    inspectors: view.inspectors,
    report: view.report,
    status,
    ...(view.review && status !== 'pending' ? { review: view.review } : {}),
    evidence: view.evidence ?? [],
    evidenceRequired: view.evidenceRequired ?? false,
  };
}

/** The responsible unit's list of a dispatched draw's tasks. */
export async function unitTasksView(models: Models, drawNo: string): Promise<UnitTasksView> {
  const tasks = await selectedTasks(models, await requireDraw(models, drawNo));
  if (tasks.length === 0) throw new DomainError('NO_TASKS', `抽取 ${drawNo} 没有检查任务`);
  const decision = await drawDecision(models, drawNo);
  const name = await namesOf(models, [...tasks.flatMap((t) => t.inspectorKeys), decision?.actor ?? '']);
  return {
    drawNo,
    itemName: tasks[0]!.itemName,
    unit: tasks[0]!.unitName,
    deadline: tasks[0]!.deadline,
    approvedBy: decision ? name(decision.actor) : '',
    tasks: tasks.map((t) => ({
      taskNo: t.taskNo,
      targetName: t.targetName,
      inspectors: t.inspectorKeys.map(name),
    })),
  };
}
