import type { Cell } from './read-table';
import { clean } from '../domain/text';

export type { RowProblem } from '../domain/import-report';
import type { RowProblem } from '../domain/import-report';

/**
 * What a row parser tells the importer besides its problems, filled in per row: the row's key when
 * that cell is valid (so duplicates are found among bad rows too), and the columns whose value came
 * from a formula's cached result.
 */
export interface RowSide {
  key: string | null;
  formulas: string[];
}

export const newRowSide = (): RowSide => ({ key: null, formulas: [] });

/** Reads one field of a row; `failed(field)` says its cell was unreadable (and so already reported). */
export interface RowRead<F extends string> {
  (field: F): string;
  failed(field: F): boolean;
}

/**
 * Reads cells of one row by field, collecting unreadable cells as problems and formula cells (read
 * by their cached result) in `side`. Each field is read once, however often it is asked for.
 */
export function rowReader<F extends string>(
  rowNumber: number,
  cells: Cell[],
  columns: Partial<Record<F, number>>,
  labels: Record<F, string>,
  problems: RowProblem[],
  side?: RowSide,
  /** Keep full-width punctuation as written (plan text is published as the office wrote it). */
  verbatim = false,
): RowRead<F> {
  const values = new Map<F, string>();
  const failed = new Set<F>();
  const read = (field: F): string => {
    const known = values.get(field);
    if (known !== undefined) return known;
    const index = columns[field];
    const cell: Cell = index === undefined ? { text: '' } : (cells[index] ?? { text: '' });
    let value = '';
    if ('problem' in cell) {
      problems.push({ row: rowNumber, column: labels[field], reason: cell.problem });
      failed.add(field);
    } else {
      value = clean(cell.text, verbatim);
      if (cell.formula && !value) {
        // A formula whose result is empty: say so, rather than "名称为空" about a cell that is not.
        problems.push({ row: rowNumber, column: labels[field], reason: '单元格是公式，其计算结果为空' });
        failed.add(field);
      } else if (cell.formula) side?.formulas.push(labels[field]);
    }
    values.set(field, value);
    return value;
  };
  return Object.assign(read, { failed: (field: F) => failed.has(field) });
}

export const MAX_CELL_LENGTH = 200;

/** Splits a multi-value cell: 娱乐场所、旅馆业 / a,b / a；b. */
export const splitList = (text: string): string[] =>
  text
    .split(/[、,，;；/|\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
