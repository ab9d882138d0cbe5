import { z } from 'zod';
import type { IsoDate } from './calendar';
import { addWorkdays, workdayOnOrBefore } from './workdays';

/**
 * 一公开: what of the plan, a draw and a result the public may see. Each public view is built here from
 * an explicit list of fields — never by removing private ones from a whole record — so a field added to
 * a task, a report or a person later stays private until someone decides otherwise here.
 */

export const PUBLICATION_KINDS = ['plan', 'draw', 'result'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const publicationConfigSchema = z
  .object({
    /** A reviewed result is published within this many working days (the usual rule: 20). */
    withinWorkdays: z.number().int().min(1).max(60),
    /** Reminders to the unit's 责任人 this many working days before the 公示 deadline. */
    reminderWorkdays: z.array(z.number().int().min(0).max(60)).max(10),
    /** What the public sees of the inspectors: nothing, their names, or names and 执法证号. */
    inspectors: z.enum(['none', 'name', 'name-badge'], {
      message: '应为 none（不公开）、name（姓名）或 name-badge（姓名和执法证号）',
    }),
  })
  .strict();
export type PublicationConfig = z.infer<typeof publicationConfigSchema>;

export const DEFAULT_PUBLICATION: PublicationConfig = {
  withinWorkdays: 20,
  reminderWorkdays: [5, 1],
  inspectors: 'name-badge',
};

/** The 公示 deadline of a result ready on `readyOn`: the `withinWorkdays`-th working day after it. */
export const publicationDueBy = (
  readyOn: IsoDate,
  config: PublicationConfig = DEFAULT_PUBLICATION,
): IsoDate => addWorkdays(workdayOnOrBefore(readyOn), config.withinWorkdays);

export interface PublicPlan {
  year: number;
  bureau: string;
  basedOn: string;
  items: {
    seq: number;
    name: string;
    basis: string;
    inspectingBody: string;
    category: string;
    targetType: string;
    ratioText: string;
    frequencyText: string;
    methods: string[];
    unit: string;
    rounds: { round: number; drawBy: IsoDate; deadline: IsoDate }[];
  }[];
}

export interface PublicDraw {
  drawNo: string;
  year: number;
  itemName: string;
  round: number;
  drawnOn: IsoDate;
  unit: string;
  poolSize: number;
  count: number;
  algorithmVersion: string;
  seedCommitment: string;
  seed: string;
  hashes: { pool: string; officers: string; inputs: string };
  /** The drawn list: targets only (who inspects whom is in the record, for the verifier). */
  targets: { name: string; creditCode: string }[];
}

export interface PublicResult {
  taskNo: string;
  year: number;
  itemName: string;
  basis: string;
  authority: string;
  unitName: string;
  targetName: string;
  creditCode: string;
  inspectedOn: IsoDate;
  method: string;
  resultCategory: string;
  followUp: string;
  rectification: string;
  inspectors: string[];
}

/** The plan as published: the list's columns and section 四's unit and dates, no people. */
export function publicPlan(
  // Sources may carry more (people, sections): only the fields named below are copied.
  src: PublicPlan,
): PublicPlan {
  return {
    year: src.year,
    bureau: src.bureau,
    basedOn: src.basedOn,
    items: [...src.items]
      .sort((a, b) => a.seq - b.seq)
      .map((i) => ({
        seq: i.seq,
        name: i.name,
        basis: i.basis,
        inspectingBody: i.inspectingBody,
        category: i.category,
        targetType: i.targetType,
        ratioText: i.ratioText,
        frequencyText: i.frequencyText,
        methods: [...i.methods],
        unit: i.unit,
        rounds: i.rounds.map((r) => ({ round: r.round, drawBy: r.drawBy, deadline: r.deadline })),
      })),
  };
}

/** A dispatched draw as published: its verification data and the drawn targets. */
export function publicDraw(src: PublicDraw): PublicDraw {
  return {
    drawNo: src.drawNo,
    year: src.year,
    itemName: src.itemName,
    round: src.round,
    drawnOn: src.drawnOn,
    unit: src.unit,
    poolSize: src.poolSize,
    count: src.count,
    algorithmVersion: src.algorithmVersion,
    seedCommitment: src.seedCommitment,
    seed: src.seed,
    hashes: { pool: src.hashes.pool, officers: src.hashes.officers, inputs: src.hashes.inputs },
    targets: src.targets.map((t) => ({ name: t.name, creditCode: t.creditCode })),
  };
}

/** How an inspector is shown, as configured. */
export function publicInspector(
  p: { name: string; badgeNo: string | null },
  shown: PublicationConfig['inspectors'],
): string | null {
  if (shown === 'none') return null;
  return shown === 'name-badge' && p.badgeNo ? `${p.name}（执法证号 ${p.badgeNo}）` : p.name;
}

/**
 * A reviewed result as published (抽查结果公示表's columns). Not published: the findings' free text, the
 * review and its comments, addresses, anyone's contact data.
 */
export function publicResult(
  src: {
    task: {
      taskNo: string;
      year: number;
      itemName: string;
      unitName: string;
      targetName: string;
      targetCreditCode: string;
    };
    report: {
      inspectedOn: IsoDate;
      method: string;
      resultCategory: string;
      followUp: string;
      rectification: string;
    };
    item: { basis: string };
    authority: string;
    inspectors: { name: string; badgeNo: string | null }[];
  },
  config: PublicationConfig = DEFAULT_PUBLICATION,
): PublicResult {
  return {
    taskNo: src.task.taskNo,
    year: src.task.year,
    itemName: src.task.itemName,
    basis: src.item.basis,
    authority: src.authority,
    unitName: src.task.unitName,
    targetName: src.task.targetName,
    creditCode: src.task.targetCreditCode,
    inspectedOn: src.report.inspectedOn,
    method: src.report.method,
    resultCategory: src.report.resultCategory,
    followUp: src.report.followUp,
    rectification: src.report.rectification,
    inspectors: src.inspectors.flatMap((p) => publicInspector(p, config.inspectors) ?? []),
  };
}

/** What the public page searches: names and credit codes, lower-cased. */
export const searchTextOf = (parts: string[]): string => parts.join('\n').toLowerCase();
