import type { Cell } from './read-table';

/** One reason a row cannot be imported, addressed as the user sees the sheet. */
export interface RowProblem {
  row: number;
  column: string;
  reason: string;
}

/** Reads cells of one row by field, collecting unreadable cells as problems. */
export function rowReader<F extends string>(
  rowNumber: number,
  cells: Cell[],
  columns: Partial<Record<F, number>>,
  labels: Record<F, string>,
  problems: RowProblem[],
): (field: F) => string {
  return (field) => {
    const index = columns[field];
    if (index === undefined) return '';
    const cell = cells[index] ?? { text: '' };
    if ('problem' in cell) {
      problems.push({ row: rowNumber, column: labels[field], reason: cell.problem });
      return '';
    }
    return cell.text
      .normalize('NFKC')
      .replace(/[\s\u3000]+/g, ' ')
      .trim();
  };
}

export const MAX_CELL_LENGTH = 200;

/** Splits a multi-value cell: 娱乐场所、旅馆业 / a,b / a；b. */
export const splitList = (text: string): string[] =>
  text
    .split(/[、,，;；/|\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
