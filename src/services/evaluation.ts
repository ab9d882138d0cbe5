import type { Models } from '../adapters/db/models';
import { tasksOfYear } from './task-records';
import { roundStatus } from './draw-rounds';
import type { IsoDate } from '../domain/calendar';
import {
  DEFAULT_EVALUATION,
  evaluate,
  type Evaluation,
  type EvaluationConfig,
  type EvaluationTask,
} from '../domain/evaluation';

/**
 * The 考评 of `year` as of `asOf` (src/domain/evaluation.ts, docs/evaluation.md): tasks, reports and
 * publications each read once, with only the fields the evaluation needs, and grouped in memory (on
 * FerretDB any filter but `_id` is a scan anyway, and there is no $lookup).
 */
export async function evaluateYear(
  models: Models,
  year: number,
  asOf: IsoDate,
  config: EvaluationConfig = DEFAULT_EVALUATION,
): Promise<Evaluation> {
  const [plan, items, tasks, reports, publications, objections] = await Promise.all([
    models.AnnualPlan.findOne({ year }, { items: 1 }).lean(),
    models.Item.find({}, { code: 1, 'section.unit': 1 }).lean(),
    tasksOfYear(models, year, { _id: 0, taskNo: 1, status: 1, returnCount: 1 }),
    models.Report.find({}, { _id: 0, taskNo: 1, inspectedOn: 1, 'review.status': 1 }).lean(),
    models.Publication.find(
      { year },
      { _id: 0, kind: 1, year: 1, unitName: 1, status: 1, dueBy: 1, publishedOn: 1 },
    ).lean(),
    // The objections of every year (a handful; filtered by year in memory).
    models.Objection.find({}, { _id: 0, unitName: 1, year: 1, status: 1 }).lean(),
  ]);
  // Every unit responsible for an item of the year's plan, drawn or not (a missed round is a unit's too).
  const planned = new Set(plan?.items.map((i) => i.itemCode) ?? []);
  const units = [...new Set(items.filter((i) => planned.has(i.code)).map((i) => i.section.unit))];
  // Each planned round: drawn (on time or late, by its one approved draw) or not.
  const unitOf = new Map(items.map((i) => [i.code, i.section.unit]));
  const late = new Map(
    (
      await models.Draw.find(
        { year, status: { $in: ['approved', 'dispatched'] } },
        { drawNo: 1, late: 1 },
      ).lean()
    ).map((d) => [d.drawNo, d.late ?? false]),
  );
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
    { year, asOf, tasks: tasks as EvaluationTask[], reports, publications, units, rounds, objections },
    config,
  );
}
