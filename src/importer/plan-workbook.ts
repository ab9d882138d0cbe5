import { checkPlanTemplate } from '../domain/plan-template';
import { headerError, isBlank } from './header';
import { readDuties, readItems } from './plan-rows';
import { SheetPerson, readPeople } from './plan-people';
import {
  GUIDE_SHEET,
  PLAN_SHEETS,
  PlanContext,
  PlanParse,
  PlanProblem,
  SheetKind,
  SheetRows,
  Table,
  classify,
  fileProblem,
  requiredLabels,
  scanRows,
} from './plan-sheet-kinds';

/**
 * A year's plan from the office's spreadsheet: 随机抽查事项清单 and 责任分工 (and optionally 人员名单),
 * recognised by their headers in any order and tab name. Every problem is listed by sheet, row and
 * column; a plan comes back only when there are none.
 */
export function parsePlanSheets(sheets: SheetRows[], ctx: PlanContext): PlanParse {
  const problems: PlanProblem[] = [];
  const notes: string[] = [];
  const tables: Partial<Record<SheetKind, Table>> = {};
  const unknown: SheetRows[] = [];
  for (const sheet of sheets) {
    if (sheet.rows.every(isBlank) || sheet.name === GUIDE_SHEET) continue;
    const found = classify(sheet);
    if (!found) {
      unknown.push(sheet);
      continue;
    }
    const [kind, table] = found;
    const other = tables[kind];
    if (other)
      problems.push(
        fileProblem(sheet.name, `与工作表“${other.sheet}”都是${PLAN_SHEETS[kind].label}，请只保留一个`),
      );
    else tables[kind] = table;
    const dataMerges = sheet.merges.filter((ref) => Number(ref.match(/\d+/)?.[0] ?? 0) > table.header);
    if (dataMerges.length > 0)
      problems.push(
        fileProblem(
          sheet.name,
          `数据区有合并单元格（${dataMerges.slice(0, 5).join('、')}）：请取消合并、填满每一行后再导入`,
        ),
      );
  }
  for (const kind of ['items', 'duties'] as const) {
    if (tables[kind]) continue;
    const { label, specs } = PLAN_SHEETS[kind];
    const candidates = unknown.length ? unknown : sheets;
    const why = candidates.length
      ? candidates.map((s) => `工作表“${s.name}”：${headerError(scanRows(s), specs).message}`).join('；')
      : '工作簿中没有工作表';
    problems.push(fileProblem(label, `找不到${label}表（需要列：${requiredLabels(specs)}）。${why}`));
  }
  for (const s of unknown)
    if (tables.items && tables.duties) notes.push(`工作表“${s.name}”不是计划的表格，已忽略`);
  if (!tables.items || !tables.duties) return { ok: false, problems };

  if (tables.items.rows.length === 0)
    return {
      ok: false,
      problems: [fileProblem(tables.items.sheet, '表头下没有任何事项：请逐行填写抽查事项')],
    };

  const people = tables.people ? readPeople(tables.people, problems) : new Map<string, SheetPerson>();
  const items = readItems(tables.items, ctx, problems);
  const template = readDuties(tables.duties, items, people, ctx, problems);
  const order = [tables.items.sheet, PLAN_SHEETS.items.label, tables.duties.sheet, PLAN_SHEETS.duties.label];
  if (problems.length > 0 || !template) return { ok: false, problems: sortProblems(problems, order) };
  // The domain schema is the last word (the JSON form passes through it too).
  const checked = checkPlanTemplate(template);
  if (!checked.ok) return { ok: false, problems: checked.problems.map((p) => fileProblem('计划', p)) };
  return { ok: true, template: checked.plan, notes };
}

/** Problems by sheet (the item list, the duties, then the rest as they came), then by row. */
function sortProblems(ps: PlanProblem[], first: string[]): PlanProblem[] {
  const order = [...new Set([...first, ...ps.map((p) => p.sheet)])];
  return [...ps].sort((a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet) || a.row - b.row);
}

/** `工作表“责任分工”第 4 行 抽取时间：…`; a whole-sheet problem without row and column. */
export const planProblemText = (p: PlanProblem): string =>
  p.row ? `工作表“${p.sheet}”第 ${p.row} 行 ${p.column}：${p.reason}` : `${p.sheet}：${p.reason}`;

export {
  type SheetRows,
  type PlanContext,
  type PlanProblem,
  type PlanParse,
  GUIDE_SHEET,
  PLAN_SHEETS,
} from './plan-sheet-kinds';
export { type PlanSheet, planSheets, planFileHints, sheetRowsOf } from './plan-sheets';
