import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Models } from '../adapters/db/models';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { mayDecidePlan, maySubmitPlan, type Actor } from '../domain/permissions';
import { planTemplateSchema, type PlanTemplate } from '../domain/plan-template';
import { parsePlanSheets, planFileHints, planProblemText, type PlanProblem } from '../importer/plan-workbook';
import { readSheets, type TableLimits } from '../importer/read-table';
import { approvedPlan, planContext, submitPlan, type PlanVersion } from './plans';

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
    const json = await readJson(opts.file);
    const parsed = planTemplateSchema.safeParse(json);
    if (!parsed.success)
      return {
        ok: false,
        year: opts.year ?? 0,
        problems: parsed.error.issues.map((i) => `${i.path.join('.') || '（根）'}：${i.message}`),
      };
    template = parsed.data;
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
