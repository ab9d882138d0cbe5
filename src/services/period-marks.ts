import type { Models } from '../adapters/db/models';
import { byIds, readNumbered } from '../adapters/db/numbered';
import { migrateOnce } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import { findTasks, withFacts, type TaskRecord } from './task-records';

/**
 * What a mark says: a task `dispatched` in the month (`YYYY-MM`), or `filed` with a report that says it was
 * inspected in the month; a task (`tasks`) or a draw, any attempt (`draws`), of the plan year (`YYYY`); an
 * attempt at a round (`attempts`, period `<year>:<item code>:<round>`).
 */
export type MarkKind = 'dispatched' | 'filed' | 'tasks' | 'draws' | 'attempts';

/** Numbers per mark document: a 30,000-task dispatch writes six documents of ~110 KB. */
const PER_DOCUMENT = 5_000;

const markId = (period: string, kind: MarkKind, n: number) => `${period}:${kind}:${n}`;

/** The month (`YYYY-MM`) of a day (`YYYY-MM-DD`). */
export const monthOf = (day: string): string => day.slice(0, 7);

/**
 * Where each connection last wrote each period's marks: the next write tries the number after it, if that
 * one is still there (a test's cleared database), and searches when it finds the number taken (another
 * process wrote since).
 */
const lastWritten = new WeakMap<Models, Map<string, number>>();

/**
 * Marks task or draw numbers as concerning `period`: before what it says is written (a draw stored, a task
 * dispatched, a report filed), so nothing a period counts goes unmarked. A period's marks are documents
 * numbered from 1 without gaps, each inserted once and never changed: FerretDB runs an update as a read
 * and a whole-document write, so two writers appending to one document could lose one's numbers, where an
 * insert under a taken `_id` fails for one of them, which takes the next. A retry marks again: a repeat
 * costs a few bytes, and readers take each number once.
 */
export async function markPeriod(
  models: Models,
  period: string,
  kind: MarkKind,
  numbers: readonly string[],
): Promise<void> {
  const key = `${period}:${kind}`;
  const known = lastWritten.get(models) ?? new Map<string, number>();
  lastWritten.set(models, known);
  const last = known.get(key);
  let n =
    last !== undefined && (await markExists(models, markId(period, kind, last)))
      ? last + 1
      : await firstMissing(models, period, kind);
  for (let i = 0; i < numbers.length; i += PER_DOCUMENT) {
    const doc = { numbers: numbers.slice(i, i + PER_DOCUMENT) };
    for (;;) {
      try {
        await models.PeriodMark.create({ _id: markId(period, kind, n), ...doc });
        break;
      } catch (err) {
        if (!asDuplicateError(err, 'period_marks')) throw err;
        n = await firstMissing(models, period, kind);
      }
    }
    known.set(key, n++);
  }
}

const markExists = async (models: Models, id: string) =>
  (await models.PeriodMark.findOne({ _id: id }, { _id: 1 }).lean()) !== null;

/** The first number of a period's marks not written yet: doubling, then halving (~2 log₂ n reads). */
async function firstMissing(models: Models, period: string, kind: MarkKind): Promise<number> {
  const exists = (n: number) => markExists(models, markId(period, kind, n));
  if (!(await exists(1))) return 1;
  let lo = 1; // written
  let hi = 2;
  while (await exists(hi)) [lo, hi] = [hi, hi * 2];
  // Written numbers have no gaps: lo is written, hi is not; the first missing is in (lo, hi].
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The numbers marked as concerning `period` (each once): candidates, for the reader to check. */
export async function markedIn(models: Models, period: string, kind: MarkKind): Promise<Set<string>> {
  const docs = await readNumbered(1, (n) =>
    models.PeriodMark.findOne({ _id: markId(period, kind, n) }, { numbers: 1 }).lean(),
  );
  return new Set(docs.flatMap((d) => d.numbers));
}

/**
 * The plan year's tasks, whole (only `projection`'s own fields of each if given): those its marks name,
 * each read by `_id` — the year's work, however many years the database holds.
 */
export async function tasksOfYear(
  models: Models,
  year: number,
  projection?: Record<string, 0 | 1>,
): Promise<TaskRecord[]> {
  const marked = await markedIn(models, String(year), 'tasks');
  return (await findTasks(models, [...marked], projection)).filter((t) => t.year === year);
}

/**
 * The plan year's draws, every attempt (tens), each read by `_id` with `projection` (its `year` and
 * `drawNo` always), in number order.
 */
export async function drawsOfYear<P extends Record<string, 1>>(models: Models, year: number, projection: P) {
  const marked = await markedIn(models, String(year), 'draws');
  const found = await byIds([...marked].sort(), (id) =>
    models.Draw.findOne({ _id: id }, { ...projection, year: 1, drawNo: 1 }).lean(),
  );
  return [...found.values()].filter((d) => d.year === year);
}

/** Where a round's attempts are marked. */
const roundPeriod = (year: number, itemCode: string, round: number) => `${year}:${itemCode}:${round}`;

/** Marks a draw about to be stored: its plan year's and its round's. */
export async function markDraw(
  models: Models,
  d: { drawNo: string; year: number; itemCode: string; round: number },
): Promise<void> {
  await markPeriod(models, String(d.year), 'draws', [d.drawNo]);
  await markPeriod(models, roundPeriod(d.year, d.itemCode, d.round), 'attempts', [d.drawNo]);
}

/**
 * The stored attempts at a round (a handful), by `_id`, with `projection` (`drawNo` and `attempt` always),
 * in attempt order.
 */
export async function roundAttempts<P extends Record<string, 1>>(
  models: Models,
  r: { year: number; itemCode: string; round: number },
  projection: P,
) {
  const marked = await markedIn(models, roundPeriod(r.year, r.itemCode, r.round), 'attempts');
  const found = await byIds(marked, (id) =>
    models.Draw.findOne(
      { _id: id },
      { ...projection, drawNo: 1, attempt: 1, year: 1, itemCode: 1, round: 1 },
    ).lean(),
  );
  // A mark is a candidate: a proposal whose number another round's draw had taken marked it too.
  return [...found.values()]
    .filter((d) => d.year === r.year && d.itemCode === r.itemCode && d.round === r.round)
    .sort((a, b) => a.attempt - b.attempt);
}

const BUILT = 'migration:period-marks';

/**
 * Marks the periods of a database written before marks existed, from its draws, its tasks (joined to their
 * draws) and its reports: once (a receipt says so), the one time all of them are read.
 */
export async function migratePeriodMarks(models: Models, now = new Date()): Promise<number> {
  const done = await migrateOnce(models, BUILT, now, async () => {
    const marks = new Map<string, { period: string; kind: MarkKind; numbers: string[] }>();
    const add = (period: string, kind: MarkKind, n: string) => {
      const k = `${period}:${kind}`;
      const entry = marks.get(k) ?? { period, kind, numbers: [] };
      entry.numbers.push(n);
      marks.set(k, entry);
    };
    for (const d of await models.Draw.find({}, { drawNo: 1, year: 1, itemCode: 1, round: 1 }).lean()) {
      add(String(d.year), 'draws', d.drawNo);
      add(roundPeriod(d.year, d.itemCode, d.round), 'attempts', d.drawNo);
    }
    const tasks = await withFacts(models, await models.Task.find({}, { taskNo: 1, drawNo: 1 }).lean());
    for (const t of tasks) {
      add(String(t.year), 'tasks', t.taskNo);
      if (t.dispatchedOn) add(monthOf(t.dispatchedOn), 'dispatched', t.taskNo);
    }
    for (const r of await models.Report.find({}, { taskNo: 1, inspectedOn: 1 }).lean())
      add(monthOf(r.inspectedOn), 'filed', r.taskNo);
    for (const { period, kind, numbers } of marks.values()) await markPeriod(models, period, kind, numbers);
    return { marked: tasks.length };
  });
  return done?.marked ?? 0;
}
