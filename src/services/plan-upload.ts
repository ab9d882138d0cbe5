import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Models } from '../adapters/db/models';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { mayDecidePlan, maySubmitPlan, type Actor } from '../domain/permissions';
import { checkPlanTemplate, type PlanTemplate } from '../domain/plan-template';
import {
  parsePlanSheets,
  planFileHints,
  planProblemText,
  planSheets,
  sheetRowsOf,
  type PlanProblem,
} from '../importer/plan-workbook';
import { readSheets, type TableLimits } from '../importer/read-table';
import { approvedPlan, planContext, submitPlan, templateOf, type PlanVersion } from './plans';

/** A plan is a few dozen rows: a file far bigger is not one. */
export const PLAN_LIMITS: TableLimits = { maxBytes: 5 * 1024 * 1024, maxRows: 2_000 };

/** File names that say "plan" (an upload is read as a plan first, then as a pool). */
export const looksLikePlanFile = (fileName: string) => /计划|方案|事项清单|责任分工|\.json$/i.test(fileName);

export type PlanUpload =
  | {
      ok: true;
      version: PlanVersion;
      changes: string[];
      superseded: string[];
      again: boolean;
      notes: string[];
    }
  | { ok: false; year: number; problems: string[] };

/**
 * A plan file (xlsx with the plan's sheets, csv, or the documented JSON form) submitted for the 组长's
 * approval. The year is the one its titles name, else the first year without an approved plan from
 * this one on. Nothing is written when the file has problems.
 */
export async function submitPlanFile(
  models: Models,
  opts: { file: string; fileName: string; actor: Actor | string; now: Date; year?: number },
): Promise<PlanUpload> {
  const actorKey = typeof opts.actor === 'string' ? opts.actor : opts.actor.key;
  if (typeof opts.actor !== 'string') {
    const allowed = maySubmitPlan(opts.actor);
    if (!allowed.ok && !mayDecidePlan(opts.actor).ok) throw new DomainError('FORBIDDEN', allowed.reason);
  }
  let template: PlanTemplate;
  let year: number;
  let docNumberHint: string;
  let notes: string[] = [];
  if (extname(opts.fileName).toLowerCase() === '.json') {
    const checked = checkPlanTemplate(await readJson(opts.file));
    if (!checked.ok) return { ok: false, year: opts.year ?? 0, problems: checked.problems };
    template = checked.plan;
    year = opts.year ?? template.document.year;
    docNumberHint = template.document.number;
  } else {
    const sheets = await readSheets(opts.file, PLAN_LIMITS);
    const hints = planFileHints(sheets);
    year = opts.year ?? hints.year ?? (await defaultYear(models, opts.now));
    docNumberHint = hints.docNumber ?? '';
    const parsed = parsePlanSheets(sheets, await planContext(models, year));
    if (!parsed.ok)
      return { ok: false, year, problems: parsed.problems.map((p: PlanProblem) => planProblemText(p)) };
    template = parsed.template;
    notes = parsed.notes;
  }
  const out = await submitPlan(models, {
    year,
    template,
    fileName: opts.fileName,
    docNumberHint,
    actor: actorKey,
    now: opts.now,
  });
  return { ok: true, ...out, notes };
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  if (text.length > 1_000_000) throw new DomainError('IMPORT_FILE', '计划文件过大（JSON 应小于 1 MB）');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new DomainError('IMPORT_FILE', `计划文件不是有效的 JSON：${(err as Error).message}`);
  }
}

/** This year if it has no approved plan yet, else the next. */
async function defaultYear(models: Models, now: Date): Promise<number> {
  const year = Number(shanghaiDate(now).slice(0, 4));
  return (await approvedPlan(models, year)) ? year + 1 : year;
}

const DUTY_FIELDS = { 责任局领导: 'leader', 责任单位: 'unit', 责任人: 'responsiblePerson' } as const;
export type DutyField = keyof typeof DUTY_FIELDS;
export const isDutyField = (w: string): w is DutyField => w in DUTY_FIELDS;

/**
 * `/计划 调整 旅馆业 责任人 王五`: the plan in force with an item's 责任局领导, 责任单位 and/or 责任人 changed,
 * checked exactly as a file would be (through the workbook layout) and submitted as the year's next
 * version; the 组长 picks the day it takes effect when approving.
 */
export async function amendDuty(
  models: Models,
  opts: {
    year: number;
    itemCode: string;
    changes: { field: DutyField; value: string }[];
    actor: Actor;
    now: Date;
  },
): Promise<PlanUpload> {
  const allowed = maySubmitPlan(opts.actor);
  if (!allowed.ok) throw new DomainError('FORBIDDEN', allowed.reason);
  const current = await approvedPlan(models, opts.year);
  if (!current) throw new DomainError('NO_PLAN', `${opts.year} 年度计划尚未批准，无法调整；请发送计划文件`);
  const t = templateOf(current);
  const item = t.items.find((i) => i.code === opts.itemCode);
  if (!item) throw new DomainError('NO_ITEM', `${opts.year} 年度计划中没有该事项`);
  for (const { field, value } of opts.changes) {
    const v = value.trim();
    if (!v || v.length > 60) throw new DomainError('BAD_VALUE', `请写明调整后的${field}（最多 60 字）`);
    if (item.section[DUTY_FIELDS[field]] === v)
      throw new DomainError('PLAN_SAME', `“${item.name}”的${field}已是${v}`);
    item.section[DUTY_FIELDS[field]] = v;
  }
  const parsed = parsePlanSheets(
    sheetRowsOf(planSheets(t, { year: opts.year, contacts: true })),
    await planContext(models, opts.year),
  );
  if (!parsed.ok) return { ok: false, year: opts.year, problems: parsed.problems.map((p) => p.reason) };
  const out = await submitPlan(models, {
    year: opts.year,
    template: { ...parsed.template, document: { ...t.document, number: '' } },
    fileName: `调整：${item.name} ${opts.changes.map((c) => `${c.field} ${c.value.trim()}`).join('，')}`,
    actor: opts.actor.key,
    now: opts.now,
  });
  return { ok: true, ...out, notes: [] };
}
