import type { SummaryView } from '../../cards/summary-card';
import { everFiled, findTasks } from './task-records';
import { markedIn } from './period-marks';
import { openTasks } from './open-tasks';
import { byIds } from '../adapters/db/numbered';
import type { Models } from '../adapters/db/models';
import type { TASK_STATUSES } from '../adapters/db/models/task';
import type { PublishedHead } from '../domain/audit-chain';
import { PROBLEM_RESULTS } from '../domain/report';
import { auditHead } from './audit-read';
import { namesOf } from './names';

/** One task the month's figures count, with its report if any: a row of the summary's 明细 sheet. */
export interface SummaryDetail {
  taskNo: string;
  itemName: string;
  unitName: string;
  targetName: string;
  inspectors: string[];
  dispatchedOn: string | null;
  deadline: string;
  status: (typeof TASK_STATUSES)[number];
  /** The report's, when one was filed (`null` otherwise). */
  inspectedOn: string | null;
  resultCategory: string | null;
  rectification: string;
  /**
   * `overdue`: still not reported (open or sent back) past its deadline as of `asOf`; `on-time` / `late`:
   * reported, inspected by the deadline or after it; `pending`: not reported, deadline not passed.
   */
  timeliness: 'on-time' | 'late' | 'overdue' | 'pending';
}

/** The card's figures and the tasks behind them. */
export interface MonthlySummary extends SummaryView {
  /** Every task counted in `rows`: dispatched in the month, reported in it, or overdue; by item, unit, number. */
  details: SummaryDetail[];
  /** The audit log's newest entry when the summary was made (null: an empty log). */
  auditHead: PublishedHead | null;
}

/**
 * The month's figures per item and unit: tasks dispatched in the month, reports filed in it (on time:
 * inspected by the deadline), problems found and rectified among them, and tasks still not reported
 * past their deadline as of `asOf`; and the tasks so counted, one detail each (for the xlsx); and the
 * audit log's newest entry, read first (the figures are as of then or later), for the card to state.
 * Only the month's work is read, by `_id`: the tasks its marks name (period-marks.ts) and the unfinished
 * ones past their deadline (the ledger), and their reports; each is counted by what the task and its
 * report say, a mark being a candidate only. Grouping here (FerretDB has no $lookup).
 */
export async function monthlySummary(models: Models, month: string, asOf: string): Promise<MonthlySummary> {
  const head = await auditHead(models);
  const [dispatched, filed, unfinished] = await Promise.all([
    markedIn(models, month, 'dispatched'),
    markedIn(models, month, 'filed'),
    openTasks(models),
  ]);
  const candidates = new Set([
    ...dispatched,
    ...filed,
    ...unfinished.filter((t) => t.deadline < asOf).map((t) => t.taskNo),
  ]);
  const tasks = await findTasks(models, [...candidates], {
    taskNo: 1,
    drawNo: 1,
    targetName: 1,
    inspectorKeys: 1,
    status: 1,
  });
  // Reports only of tasks filed at some time (`everFiled`): the others have none.
  const reportOf = await byIds(
    tasks.filter(everFiled).map((t) => t.taskNo),
    (id) =>
      models.Report.findOne(
        { _id: id },
        { taskNo: 1, inspectedOn: 1, resultCategory: 1, rectification: 1 },
      ).lean(),
  );
  const byNo = new Map(tasks.map((t) => [t.taskNo, t]));
  const rows = new Map<string, SummaryView['rows'][number]>();
  const counted = new Set<string>();
  const row = (t: { taskNo: string; itemName: string; unitName: string }) => {
    counted.add(t.taskNo);
    const k = `${t.itemName}\n${t.unitName}`;
    let r = rows.get(k);
    if (!r)
      rows.set(
        k,
        (r = {
          itemName: t.itemName,
          unitName: t.unitName,
          dispatched: 0,
          filed: 0,
          onTime: 0,
          overdue: 0,
          problems: 0,
          rectified: 0,
        }),
      );
    return r;
  };
  const isOverdue = (t: { status: string; deadline: string }) =>
    (t.status === 'open' || t.status === 'returned') && t.deadline < asOf;
  for (const t of tasks) {
    if (t.dispatchedOn?.startsWith(month)) row(t).dispatched++;
    if (isOverdue(t)) row(t).overdue++;
  }
  for (const r of reportOf.values()) {
    const t = byNo.get(r.taskNo);
    if (!t || !r.inspectedOn.startsWith(month)) continue;
    const x = row(t);
    x.filed++;
    if (r.inspectedOn <= t.deadline) x.onTime++;
    if ((PROBLEM_RESULTS as readonly string[]).includes(r.resultCategory)) {
      x.problems++;
      if (r.resultCategory === '发现问题已责令改正' || r.rectification.trim() !== '') x.rectified++;
    }
  }
  const byItemUnit = <T extends { itemName: string; unitName: string }>(a: T, b: T) =>
    a.itemName === b.itemName
      ? a.unitName.localeCompare(b.unitName, 'zh')
      : a.itemName.localeCompare(b.itemName, 'zh');

  const concerned = tasks.filter((t) => counted.has(t.taskNo));
  const name = await namesOf(
    models,
    concerned.flatMap((t) => t.inspectorKeys),
  );
  const details = concerned
    .map((t): SummaryDetail => {
      const r = reportOf.get(t.taskNo);
      return {
        taskNo: t.taskNo,
        itemName: t.itemName,
        unitName: t.unitName,
        targetName: t.targetName,
        inspectors: t.inspectorKeys.map(name),
        dispatchedOn: t.dispatchedOn ?? null,
        deadline: t.deadline,
        status: t.status,
        inspectedOn: r?.inspectedOn ?? null,
        resultCategory: r?.resultCategory ?? null,
        rectification: r?.rectification ?? '',
        timeliness: isOverdue(t)
          ? 'overdue'
          : r
            ? r.inspectedOn <= t.deadline
              ? 'on-time'
              : 'late'
            : 'pending',
      };
    })
    .sort((a, b) => byItemUnit(a, b) || a.taskNo.localeCompare(b.taskNo));
  return { month, asOf, rows: [...rows.values()].sort(byItemUnit), details, auditHead: head };
}
