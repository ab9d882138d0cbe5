import type { Models } from '../adapters/db/models';
import type { TaskDoc } from '../adapters/db/models/task';
import { byIds } from '../adapters/db/numbered';

/**
 * What every task of a draw shares, stored once on the draw (see the task model): joined here, so a
 * reader sees whole tasks. A task written before 2026-12 carries these itself; its own values are kept.
 */
export interface DrawFacts {
  year: number;
  itemCode: string;
  itemName: string;
  round: number;
  unitName: string;
  deadline: string;
  /** Null only while the draw's dispatch is under way (its tasks are being written). */
  dispatchedOn: string | null;
}

export type TaskRecord = TaskDoc & DrawFacts;

const FACTS = {
  drawNo: 1,
  year: 1,
  itemCode: 1,
  itemName: 1,
  round: 1,
  deadline: 1,
  dispatchedOn: 1,
  'inputs.unit': 1,
} as const;

type FactsSource = {
  drawNo: string;
  year: number;
  itemCode: string;
  itemName: string;
  round: number;
  deadline: string;
  dispatchedOn?: string | null;
  inputs: unknown;
};

/** A draw's shared task fields, from the draw as stored. */
export const factsOf = (d: FactsSource): DrawFacts => ({
  year: d.year,
  itemCode: d.itemCode,
  itemName: d.itemName,
  round: d.round,
  unitName: (d.inputs as { unit: string }).unit,
  deadline: d.deadline,
  dispatchedOn: d.dispatchedOn ?? null,
});

/** Where a reader takes draws' facts from: the database (`drawFacts`), or a cache of it (`Lookups`). */
export type FactsReader = (drawNos: readonly string[]) => Promise<Map<string, DrawFacts>>;

/**
 * Whether a draw's facts are final: once it is dispatched none of them changes again (its tasks exist
 * only from then on), so they may be kept.
 */
export const finalFacts = (f: DrawFacts): boolean => f.dispatchedOn !== null;

/** The shared fields of the draws numbered `drawNos` (read by `_id`; a missing draw is left out). */
export async function drawFacts(models: Models, drawNos: Iterable<string>): Promise<Map<string, DrawFacts>> {
  const draws = await byIds(drawNos, (id): PromiseLike<FactsSource | null> =>
    models.Draw.findOne({ _id: id }, FACTS).lean(),
  );
  return new Map([...draws.values()].map((d) => [d.drawNo, factsOf(d)]));
}

/** Tasks joined to their draws' facts, a task's own copies kept (a task whose draw is gone is left out). */
function joined<T extends { drawNo: string }>(facts: Map<string, DrawFacts>, tasks: readonly T[]) {
  const whole: (DrawFacts & T)[] = [];
  for (const t of tasks) {
    const f = facts.get(t.drawNo);
    if (f) whole.push({ ...f, ...t });
  }
  return whole;
}

/**
 * Whether a task's report was ever filed: a task leaves `open` at its first filing and never returns to it, so
 * an `open` one has no report and no result to publish (readers skip reading them).
 */
export const everFiled = (t: { status: string }): boolean => t.status !== 'open';

/** A projection of a task's own fields, with what the join needs. */
const ownFields = (projection?: Record<string, 0 | 1>) => projection && { ...projection, drawNo: 1 };

/** Tasks as stored, whole: their draws' shared fields joined (a task whose draw is gone is left out). */
export async function withFacts<T extends { drawNo: string }>(
  models: Models,
  tasks: readonly T[],
): Promise<(DrawFacts & T)[]> {
  return joined(
    await drawFacts(
      models,
      tasks.map((t) => t.drawNo),
    ),
    tasks,
  );
}

/**
 * The tasks numbered `taskNos` that exist (each once, in that order), whole, each looked up by `_id` (see
 * the task model), their draws read once; only `projection`'s own fields of each task if given (the draw's
 * are always there).
 */
export async function findTasks(
  models: Models,
  taskNos: readonly string[],
  projection?: Record<string, 0 | 1>,
  facts: FactsReader = (drawNos) => drawFacts(models, drawNos),
): Promise<TaskRecord[]> {
  const found = await byIds(taskNos, (id) => models.Task.findOne({ _id: id }, ownFields(projection)).lean());
  const stored = [...found.values()];
  return joined(await facts(stored.map((t) => t.drawNo)), stored);
}

/** The task numbered `taskNo`, whole, or null (`findTasks` for one). */
export async function findTask(
  models: Models,
  taskNo: string,
  projection?: Record<string, 0 | 1>,
  facts?: FactsReader,
): Promise<TaskRecord | null> {
  return (await findTasks(models, [taskNo], projection, facts))[0] ?? null;
}
