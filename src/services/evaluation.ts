import type { Models } from '../adapters/db/models';
import { drawsOfYear, tasksOfYear } from './period-marks';
import { everFiled } from './task-records';
import { roundStatus } from './draw-rounds';
import { drawId, planId, resultId, waiverId } from './publications';
import { byIds } from '../adapters/db/numbered';
import type { IsoDate } from '../domain/calendar';
import {
  DEFAULT_EVALUATION,
  evaluate,
  type Evaluation,
  type EvaluationConfig,
  type EvaluationTask,
} from '../domain/evaluation';

/**
 * The 考评 of `year` as of `asOf` (src/domain/evaluation.ts, docs/evaluation.md): the year's tasks (by their
 * marks), their reports and publications each read by `_id`, with only the fields the evaluation needs, and
 * grouped in memory (FerretDB has no $lookup) — the year's work, however many years the database holds.
 */
export async function evaluateYear(
  models: Models,
  year: number,
  asOf: IsoDate,
  config: EvaluationConfig = DEFAULT_EVALUATION,
): Promise<Evaluation> {
  const [plan, items, tasks, objections, draws] = await Promise.all([
    models.AnnualPlan.findOne({ year }, { items: 1 }).lean(),
    models.Item.find({}, { code: 1, 'section.unit': 1 }).lean(),
    tasksOfYear(models, year, { _id: 0, taskNo: 1, status: 1, returnCount: 1 }),
    // The objections of every year (a handful; filtered by year in memory).
    models.Objection.find({}, { _id: 0, unitName: 1, year: 1, status: 1 }).lean(),
    drawsOfYear(models, year, { late: 1 }),
  ]);
  const filed = tasks.filter(everFiled).map((t) => t.taskNo);
  const kinds = new Set(config.publicationKinds);
  const publicationIds = [
    ...(kinds.has('plan') ? [planId(year)] : []),
    ...(kinds.has('draw') ? draws.map((d) => drawId(d.drawNo)) : []),
    ...(kinds.has('result') ? filed.map(resultId) : []),
    ...(kinds.has('waiver')
      ? (plan?.items ?? []).flatMap((i) => i.rounds.map((r) => waiverId(year, i.itemCode, r.round)))
      : []),
  ];
  const [reports, publications] = await Promise.all([
    byIds(filed, (id) =>
      models.Report.findOne({ _id: id }, { _id: 0, taskNo: 1, inspectedOn: 1, 'review.status': 1 }).lean(),
    ),
    byIds(publicationIds, (id) =>
      models.Publication.findOne(
        { _id: id },
        { _id: 0, kind: 1, year: 1, unitName: 1, status: 1, dueBy: 1, publishedOn: 1 },
      ).lean(),
    ),
  ]);
  // Every unit responsible for an item of the year's plan, drawn or not (a missed round is a unit's too).
  const planned = new Set(plan?.items.map((i) => i.itemCode) ?? []);
  const units = [...new Set(items.filter((i) => planned.has(i.code)).map((i) => i.section.unit))];
  // Each planned round: drawn (on time or late, by its one approved draw) or not.
  const unitOf = new Map(items.map((i) => [i.code, i.section.unit]));
  const late = new Map(draws.map((d) => [d.drawNo, d.late ?? false]));
  const rounds = [];
  for (const item of plan?.items ?? [])
    for (const r of item.rounds) {
      const settled = await roundStatus(models, year, item.itemCode, r.round);
      rounds.push({
        unitName: unitOf.get(item.itemCode) ?? '',
        drawBy: r.drawBy,
        drawnLate: settled?.kind === 'drawn' ? (late.get(settled.drawNo) ?? false) : null,
        waived: settled?.kind === 'waived',
      });
    }
  return evaluate(
    {
      year,
      asOf,
      tasks: tasks as EvaluationTask[],
      reports: [...reports.values()],
      publications: [...publications.values()],
      units,
      rounds,
      objections,
    },
    config,
  );
}
