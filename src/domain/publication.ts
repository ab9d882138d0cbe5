import type { PublishedHead } from './audit-chain';
import { z } from 'zod';
import type { IsoDate } from './calendar';
import { addWorkdays, workdayOnOrBefore } from './workdays';
import type { PublicDraw } from './publication-draw';

/**
 * 一公开: what of the plan, a draw and a result the public may see. Each public view is built here from
 * an explicit list of fields — never by removing private ones from a whole record — so a field added to
 * a task, a report or a person later stays private until someone decides otherwise here.
 */

export const PUBLICATION_KINDS = ['plan', 'draw', 'result', 'waiver'] as const;
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
    /** 异议: an inspected business may object within this many working days of 公示. */
    objectionWorkdays: z.number().int().min(1).max(60),
    /** 异议: the 责任局领导 decides within this many working days of its recording (reminded, then escalated). */
    objectionDecisionWorkdays: z.number().int().min(1).max(60),
  })
  .strict();
export type PublicationConfig = z.infer<typeof publicationConfigSchema>;

export const DEFAULT_PUBLICATION: PublicationConfig = {
  withinWorkdays: 20,
  reminderWorkdays: [5, 1],
  inspectors: 'name-badge',
  objectionWorkdays: 15,
  objectionDecisionWorkdays: 10,
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
  /** The year's earlier approved versions this one amends: each 文号 and the day it took effect. */
  amends?: { docNumber: string; effectiveOn: IsoDate }[];
}

/** A round settled without a draw (免于抽查): which, why, by which leader, when. */
export interface PublicWaiver {
  year: number;
  itemName: string;
  round: number;
  drawBy: IsoDate;
  reason: string;
  decidedBy: string;
  decidedOn: IsoDate;
}

/** An objection to a published result as the public sees it: its state and dates, never its text. */
export interface PublicObjection {
  status: 'open' | 'upheld' | 'corrected';
  receivedOn: IsoDate;
  decidedOn: IsoDate | null;
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
  /** 异议: the latest objection, if any. */
  objection?: PublicObjection;
  /** The version shown (1 until corrected), and the earlier versions, each marked 已更正 on its day. */
  version?: number;
  history?: {
    version: number;
    resultCategory: string;
    followUp: string;
    rectification: string;
    correctedOn: IsoDate;
  }[];
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
    ...(src.amends?.length
      ? { amends: src.amends.map((a) => ({ docNumber: a.docNumber, effectiveOn: a.effectiveOn })) }
      : {}),
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

/** What the public page shows (src/services/public-view.ts reads it, src/adapters/http/public-html.ts renders it). */
export interface PublicView {
  year: number;
  /** Years with anything published, and `year`, newest first. */
  years: number[];
  query: string;
  plan: { content: PublicPlan; publishedOn: string } | null;
  /** Rounds settled without a draw (免于抽查), with the leader's reason. */
  waivers: { content: PublicWaiver; publishedOn: string }[];
  draws: {
    content: PublicDraw;
    publishedOn: string;
    /** The targets listed (the matching ones when searching), at most `targetsPerDraw`. */
    shown: PublicDraw['targets'];
    /** Targets not listed. */
    more: number;
  }[];
  results: {
    rows: { content: PublicResult; publishedOn: string }[];
    total: number;
    page: number;
    pages: number;
  };
  /**
   * The audit log's newest entry, stated in the footer: a copy outside the database (in visitors'
   * saves, in web archives) that whoever administers the database cannot quietly take back when
   * cutting the log short (`verify-audit --head N:HASH`). Null: an empty log.
   */
  auditHead?: PublishedHead | null;
}
