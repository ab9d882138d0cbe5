import type { Models } from '../adapters/db/models';
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
  const [tasks, reports, publications] = await Promise.all([
    models.Task.find(
      { year },
      { _id: 0, taskNo: 1, year: 1, unitName: 1, deadline: 1, status: 1, returnCount: 1 },
    ).lean(),
    models.Report.find({}, { _id: 0, taskNo: 1, inspectedOn: 1, 'review.status': 1 }).lean(),
    models.Publication.find(
      { year },
      { _id: 0, kind: 1, year: 1, unitName: 1, status: 1, dueBy: 1, publishedOn: 1 },
    ).lean(),
  ]);
  return evaluate({ year, asOf, tasks: tasks as EvaluationTask[], reports, publications }, config);
}
