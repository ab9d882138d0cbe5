import { type Parsed } from '../domain/plan-cells';
import { type PlanTemplate } from '../domain/plan-template';
import {
  DUTY_COLUMNS,
  ITEM_LIST_COLUMNS,
  matchHeader,
  PLAN_PEOPLE_COLUMNS,
  type ColumnSpec,
} from './columns';
import { isFooterRow } from './footer-row';
import { HEADER_SCAN_ROWS, isBlank, textOf } from './header';
import type { RawRow } from './read-table';
import { MAX_CELL_LENGTH, rowReader, type RowProblem } from './row-problems';

/** One worksheet as read: its tab name, rows and merged ranges. */
export interface SheetRows {
  name: string;
  rows: RawRow[];
  merges: string[];
}

/** What the bureau already has, for what a plan file may leave out (people's units, item codes). */
export interface PlanContext {
  year: number;
  /** The bureau's name when the item list has no 部门名称 column. */
  bureau: string | null;
  items: { code: string; name: string; aliases: string[] }[];
  people: { name: string; unitName: string; title: string; roles: string[] }[];
  /** Units the bureau has (its units and the officer pool's). */
  units: string[];
}

/** A problem in a plan file, addressed by sheet, row and column as the user sees them. */
export interface PlanProblem extends RowProblem {
  sheet: string;
}

export type PlanParse =
  { ok: true; template: PlanTemplate; notes: string[] } | { ok: false; problems: PlanProblem[] };

/** The template's 填写说明 sheet: read by people, skipped by the importer. */
export const GUIDE_SHEET = '填写说明';

export const PLAN_SHEETS = {
  items: { label: '随机抽查事项清单', specs: ITEM_LIST_COLUMNS },
  duties: { label: '责任分工', specs: DUTY_COLUMNS },
  people: { label: '人员名单', specs: PLAN_PEOPLE_COLUMNS },
} as const;

export type SheetKind = keyof typeof PLAN_SHEETS;

export interface Table {
  sheet: string;
  header: number;
  columns: Record<string, number>;
  rows: RawRow[];
}

export const requiredLabels = (specs: readonly ColumnSpec<string>[]) =>
  specs
    .filter((s) => s.required)
    .map((s) => s.label)
    .join('、');

export const fileProblem = (sheet: string, reason: string): PlanProblem => ({
  sheet,
  row: 0,
  column: '',
  reason,
});

export const scanRows = (sheet: SheetRows) =>
  sheet.rows.filter((r) => !isBlank(r)).slice(0, HEADER_SCAN_ROWS);

/** The sheet's kind and table: the first of its top rows that is a complete header of a kind. */
export function classify(sheet: SheetRows): [SheetKind, Table] | null {
  const top = scanRows(sheet);
  for (const row of top) {
    for (const kind of Object.keys(PLAN_SHEETS) as SheetKind[]) {
      const m = matchHeader(row.cells.map(textOf), PLAN_SHEETS[kind].specs as ColumnSpec<string>[]);
      if (m.missing.length > 0) continue;
      const data = sheet.rows.filter((r) => r.rowNumber > row.rowNumber && !isBlank(r));
      // Sign-off rows (填表人：…) after the last data row are not data.
      while (data.length > 0 && isFooterRow(data[data.length - 1]!.cells)) data.pop();
      return [
        kind,
        {
          sheet: sheet.name,
          header: row.rowNumber,
          columns: m.columns as Record<string, number>,
          rows: data,
        },
      ];
    }
  }
  return null;
}

const labelsOf = <F extends string>(specs: readonly ColumnSpec<F>[]) =>
  Object.fromEntries(specs.map((s) => [s.field, s.label])) as Record<F, string>;

/** Reads a row's cells by field, with every problem addressed to the sheet; over-long cells refused. */
export function reader<F extends string>(
  table: Table,
  row: RawRow,
  specs: readonly ColumnSpec<F>[],
  out: PlanProblem[],
) {
  const found: RowProblem[] = [];
  const label = labelsOf(specs);
  const columns = table.columns as Partial<Record<F, number>>;
  const read = rowReader<F>(row.rowNumber, row.cells, columns, label, found, undefined, true);
  /** A field's problem; an unreadable cell was reported by the reader, and nothing more is said of it. */
  const problem = (field: F, reason: string) => {
    if (!read.failed(field)) found.push({ row: row.rowNumber, column: label[field], reason });
  };
  /** The cell's text within `max` characters ('' when over, or when required and empty: both reported). */
  const sized = (field: F, max: number, required: boolean): string => {
    const v = read(field);
    if (required && !v) problem(field, `${label[field]}为空`);
    if (v.length <= max) return v;
    problem(field, `${label[field]}超过 ${max} 个字`);
    return '';
  };
  return {
    read,
    need: (field: F, max = MAX_CELL_LENGTH) => sized(field, max, true),
    optional: (field: F, max = MAX_CELL_LENGTH) => sized(field, max, false),
    parsed: <T>(field: F, result: Parsed<T>): T | null => {
      if (result.ok) return result.value;
      problem(field, result.reason);
      return null;
    },
    problem,
    /** Hands the row's problems to the sheet's list; true when there were any. */
    flush: () => {
      const had = found.length > 0;
      out.push(...found.splice(0).map((p) => ({ ...p, sheet: table.sheet })));
      return had;
    },
  };
}
