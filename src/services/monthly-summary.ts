import type { SummaryView } from '../../cards/summary-card';
import type { Models } from '../adapters/db/models';
import { PROBLEM_RESULTS } from '../domain/report';

/**
 * The month's figures per item and unit: tasks dispatched in the month, reports filed in it (on time:
 * inspected by the deadline), problems found and rectified among them, and tasks still not reported
 * past their deadline as of `asOf`. Two queries; grouping here (FerretDB has no $lookup).
 */
export async function monthlySummary(models: Models, month: string, asOf: string): Promise<SummaryView> {
  const [tasks, reports] = await Promise.all([
    models.Task.find(
      {},
      { taskNo: 1, itemName: 1, unitName: 1, deadline: 1, status: 1, dispatchedOn: 1 },
    ).lean(),
    models.Report.find({}, { taskNo: 1, inspectedOn: 1, resultCategory: 1, rectification: 1 }).lean(),
  ]);
  const byNo = new Map(tasks.map((t) => [t.taskNo, t]));
  const rows = new Map<string, SummaryView['rows'][number]>();
  const row = (t: { itemName: string; unitName: string }) => {
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
  for (const t of tasks) {
    if (t.dispatchedOn?.startsWith(month)) row(t).dispatched++;
    if ((t.status === 'open' || t.status === 'returned') && t.deadline < asOf) row(t).overdue++;
  }
  for (const r of reports) {
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
  return {
    month,
    asOf,
    rows: [...rows.values()].sort((a, b) =>
      a.itemName === b.itemName
        ? a.unitName.localeCompare(b.unitName, 'zh')
        : a.itemName.localeCompare(b.itemName, 'zh'),
    ),
  };
}
