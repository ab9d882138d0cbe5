import { z } from 'zod';
import type { IsoDate } from './calendar';
import { PUBLICATION_KINDS } from './publication';
import { workdaysBetween } from './workdays';

/**
 * 考评 (section 五 (五) of the plan): per responsible unit and year, how its inspection tasks and its
 * 公示 went, and a score by a configurable formula. Pure: the caller passes the year's rows and `asOf`,
 * the day the figures are taken. The formula, its edge cases and a worked example: docs/evaluation.md.
 */

const weight = z.number().min(0).max(100);
const penalty = z.object({ per: z.number().min(0).max(100), cap: z.number().min(0).max(100) }).strict();

export const evaluationConfigSchema = z
  .object({
    /** Points for each rate (0–1): they add up to 100, the score of a unit with nothing to fault. */
    weights: z
      .object({ completion: weight, onTime: weight, publication: weight })
      .strict()
      .refine((w) => Math.abs(w.completion + w.onTime + w.publication - 100) < 1e-9, {
        message: '完成率、按期率、按期公示率三项权重之和应为 100',
      }),
    /** Points off per report sent back (退回), at most `cap`. */
    returnPenalty: penalty,
    /** Points off per working day overdue (summed over the unit's late tasks), at most `cap`. */
    overduePenalty: penalty,
    /** Points off per published result corrected after an objection (异议 → 更正), at most `cap`. */
    correctionPenalty: penalty,
    /** Which 公示 count for the publication rate (results are the unit's own; plan and draw lists the office's). */
    publicationKinds: z.array(z.enum(PUBLICATION_KINDS)).min(1),
    /** The rate (0–1) credited when its denominator is 0 (nothing due yet): 1 means nothing to fault. */
    emptyRate: z.number().min(0).max(1),
  })
  .strict();
export type EvaluationConfig = z.infer<typeof evaluationConfigSchema>;

export const DEFAULT_EVALUATION: EvaluationConfig = {
  weights: { completion: 40, onTime: 30, publication: 30 },
  returnPenalty: { per: 2, cap: 10 },
  overduePenalty: { per: 0.5, cap: 20 },
  correctionPenalty: { per: 2, cap: 10 },
  publicationKinds: ['result'],
  emptyRate: 1,
};

/** The fields of a task the evaluation reads. */
export interface EvaluationTask {
  taskNo: string;
  year: number;
  unitName: string;
  deadline: IsoDate;
  status: 'open' | 'reported' | 'returned' | 'accepted';
  returnCount?: number | null;
}

/** The fields of a report the evaluation reads (one per task). */
export interface EvaluationReport {
  taskNo: string;
  inspectedOn: IsoDate;
  review?: { status?: string | null } | null;
}

/** The fields of a 公示 the evaluation reads. */
export interface EvaluationPublication {
  kind: string;
  year: number;
  unitName?: string | null;
  status: 'pending' | 'published' | string;
  dueBy?: IsoDate | null;
  publishedOn?: IsoDate | null;
}

export interface UnitMetrics {
  /** 派发: the unit's tasks of the year. */
  assigned: number;
  /** 应完成: tasks whose deadline is before `asOf`, and tasks already completed before theirs. */
  due: number;
  /** 完成: tasks whose report the unit accepted. */
  completed: number;
  /** 按期: completed tasks inspected on or before the deadline. */
  onTime: number;
  /** 逾期: tasks inspected after the deadline, or not done (open, sent back) with the deadline before `asOf`. */
  overdue: number;
  /** 逾期工作日: over the overdue tasks, working days after the deadline up to the inspection or `asOf`. */
  overdueWorkdays: number;
  /** 退回: reports sent back, counting each return. */
  returned: number;
  /** 应公示: publications published, or pending past their 公示期限 as of `asOf`. */
  publicationsDue: number;
  /** 按期公示: published on or before the 公示期限. */
  publicationsOnTime: number;
  /** 逾期抽取: the unit's rounds drawn after their draw-by date (shown; not in the score). */
  drawsLate: number;
  /** 未抽取: the unit's rounds whose draw-by date is before `asOf` and that no approved draw holds (shown; not in the score). */
  roundsMissed: number;
  /** 免于抽查: rounds the 责任局领导 waived with a published reason (shown; neither missed nor late). */
  roundsWaived: number;
  /** 异议: objections received against the unit's published results of the year. */
  objections: number;
  /** 更正: of those, the ones that corrected the result. */
  corrected: number;
}

export interface UnitEvaluation extends UnitMetrics {
  unitName: string;
  /** completed / due, onTime / due, publicationsOnTime / publicationsDue; `null` when the denominator is 0. */
  rates: { completion: number | null; onTime: number | null; publication: number | null };
  /** Points off (already capped). */
  penalties: { returned: number; overdue: number; corrected: number };
  /** 0–100, one decimal. */
  score: number;
}

export interface Evaluation {
  year: number;
  asOf: IsoDate;
  config: EvaluationConfig;
  /** Best score first; equal scores by unit name. */
  units: UnitEvaluation[];
}

const empty = (): UnitMetrics => ({
  assigned: 0,
  due: 0,
  completed: 0,
  onTime: 0,
  overdue: 0,
  overdueWorkdays: 0,
  returned: 0,
  publicationsDue: 0,
  publicationsOnTime: 0,
  drawsLate: 0,
  roundsMissed: 0,
  roundsWaived: 0,
  objections: 0,
  corrected: 0,
});

/** Rounds half away from zero to one decimal, free of binary noise (2.25 → 2.3, not 2.2). */
export const roundScore = (x: number): number => Math.round(Number((x * 10).toFixed(6))) / 10;

/** Scores one unit's figures by `config` (see docs/evaluation.md). */
export function scoreUnit(
  unitName: string,
  m: UnitMetrics,
  config: EvaluationConfig = DEFAULT_EVALUATION,
): UnitEvaluation {
  const rate = (n: number, d: number) => (d === 0 ? null : n / d);
  const rates = {
    completion: rate(m.completed, m.due),
    onTime: rate(m.onTime, m.due),
    publication: rate(m.publicationsOnTime, m.publicationsDue),
  };
  const { weights: w, returnPenalty, overduePenalty, correctionPenalty, emptyRate } = config;
  const credit = (r: number | null) => r ?? emptyRate;
  const penalties = {
    returned: Math.min(returnPenalty.cap, returnPenalty.per * m.returned),
    overdue: Math.min(overduePenalty.cap, overduePenalty.per * m.overdueWorkdays),
    corrected: Math.min(correctionPenalty.cap, correctionPenalty.per * m.corrected),
  };
  const raw =
    w.completion * credit(rates.completion) +
    w.onTime * credit(rates.onTime) +
    w.publication * credit(rates.publication) -
    penalties.returned -
    penalties.overdue -
    penalties.corrected;
  return { unitName, ...m, rates, penalties, score: roundScore(Math.min(100, Math.max(0, raw))) };
}

/**
 * The year's 考评 as of `asOf`: every unit with a task or a counted 公示 in `year`, its figures and its
 * score. Rows of other years are ignored; a report without its task is ignored.
 */
export function evaluate(
  input: {
    year: number;
    asOf: IsoDate;
    tasks: readonly EvaluationTask[];
    reports: readonly EvaluationReport[];
    publications: readonly EvaluationPublication[];
    /** Every unit the year's plan names: each is evaluated, even one that drew nothing. */
    units?: readonly string[];
    /** The plan's rounds of the year: whose, due when, and whether drawn late (null: not drawn). */
    rounds?: readonly { unitName: string; drawBy: IsoDate; drawnLate: boolean | null; waived?: boolean }[];
    /** Objections (异议) to the units' results of the year, and how each ended. */
    objections?: readonly { unitName: string; year: number; status: string }[];
  },
  config: EvaluationConfig = DEFAULT_EVALUATION,
): Evaluation {
  const { year, asOf } = input;
  const units = new Map<string, UnitMetrics>();
  const of = (unitName: string) => {
    let m = units.get(unitName);
    if (!m) units.set(unitName, (m = empty()));
    return m;
  };
  for (const u of input.units ?? []) of(u);
  for (const r of input.rounds ?? []) {
    const m = of(r.unitName);
    if (r.waived) m.roundsWaived++;
    else if (r.drawnLate) m.drawsLate++;
    else if (r.drawnLate === null && r.drawBy < asOf) m.roundsMissed++;
  }
  const reportOf = new Map(input.reports.map((r) => [r.taskNo, r]));

  for (const t of input.tasks) {
    if (t.year !== year) continue;
    const m = of(t.unitName);
    const r = reportOf.get(t.taskNo);
    m.assigned++;
    m.returned += Math.max(t.returnCount ?? 0, r?.review?.status === 'returned' ? 1 : 0);
    // Done: a report filed and standing (awaiting review or accepted); its inspection day is when.
    const doneOn = r && (t.status === 'reported' || t.status === 'accepted') ? r.inspectedOn : null;
    const completed = t.status === 'accepted' && doneOn !== null;
    if (completed || t.deadline < asOf) m.due++;
    if (completed) {
      m.completed++;
      if (doneOn <= t.deadline) m.onTime++;
    }
    const lateUntil =
      doneOn !== null ? (doneOn > t.deadline ? doneOn : null) : t.deadline < asOf ? asOf : null;
    if (lateUntil !== null) {
      m.overdue++;
      m.overdueWorkdays += workdaysBetween(t.deadline, lateUntil);
    }
  }

  for (const o of input.objections ?? []) {
    if (o.year !== year) continue;
    const m = of(o.unitName);
    m.objections++;
    if (o.status === 'corrected') m.corrected++;
  }

  const kinds = new Set<string>(config.publicationKinds);
  for (const p of input.publications) {
    if (p.year !== year || !kinds.has(p.kind) || !p.unitName) continue;
    const published = p.status === 'published' && !!p.publishedOn;
    const pastDue = !!p.dueBy && p.dueBy < asOf;
    if (!published && !pastDue) continue;
    const m = of(p.unitName);
    m.publicationsDue++;
    // Without a 公示期限 any publication is on time.
    if (published && (!p.dueBy || p.publishedOn! <= p.dueBy)) m.publicationsOnTime++;
  }

  return {
    year,
    asOf,
    config,
    units: [...units]
      .map(([name, m]) => scoreUnit(name, m, config))
      .sort((a, b) => b.score - a.score || a.unitName.localeCompare(b.unitName, 'zh')),
  };
}

const num = (x: number) => String(roundScore(x));

/** The formula in one line of Chinese, as the card shows it. */
export function describeFormula(config: EvaluationConfig = DEFAULT_EVALUATION): string {
  const { weights: w, returnPenalty: r, overduePenalty: o } = config;
  const c = config.correctionPenalty;
  return (
    `得分 = ${num(w.completion)}×完成率 + ${num(w.onTime)}×按期率 + ${num(w.publication)}×按期公示率` +
    ` − ${num(r.per)}×退回次数（最多扣 ${num(r.cap)}）− ${num(o.per)}×逾期工作日（最多扣 ${num(o.cap)}）` +
    ` − ${num(c.per)}×异议更正次数（最多扣 ${num(c.cap)}）；` +
    `完成率、按期率以应完成任务为分母，分母为 0 时按 ${num(config.emptyRate * 100)}% 计`
  );
}
