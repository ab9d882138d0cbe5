import { Schema, type Connection } from 'mongoose';

/**
 * Which tasks or draws a period concerns (src/services/period-marks.ts): a month's dispatched
 * tasks and those its reports say were inspected in it (the monthly summary), a plan year's tasks and draws
 * (the 考评, `/进度`, the year's exports). FerretDB filters tasks by draw, reports by date or draws by year
 * only by decoding every one ever written; these documents, numbered per period and read by `_id`, name the
 * period's own, so their readers cost the same in the bureau's tenth year as in its first. Each is inserted
 * once and never changed. A mark is a candidate only: readers go by the task, report or draw itself.
 */
const periodMarkSchema = new Schema(
  {
    /** `2026-11:dispatched:7`, `2026:draws:1`: the period, the kind, the document's number (from 1, no gaps). */
    _id: { type: String, required: true },
    /** Task or draw numbers; one may be there twice (a retried mark). */
    numbers: { type: [String], required: true },
  },
  { collection: 'period_marks', versionKey: false },
);

export const periodMarkModel = (conn: Connection) => conn.model('PeriodMark', periodMarkSchema);
