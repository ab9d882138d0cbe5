import { DomainError } from '../domain/errors';
import { matchHeader, type ColumnSpec } from './columns';
import type { Cell, RawRow } from './read-table';

/** How many rows above the data may hold titles before the header must have appeared. */
export const HEADER_SCAN_ROWS = 10;

/** The header among the rows seen so far: the last one, if it has every required column. */
export function findHeader(rows: RawRow[], specs: ColumnSpec<string>[]) {
  const last = rows[rows.length - 1]!;
  const match = matchHeader(last.cells.map(textOf), specs);
  if (match.missing.length > 0) return undefined;
  return {
    rowNumber: last.rowNumber,
    columns: match.columns as Record<string, number>,
    // A second column for a field (手机 beside 电话) is not read; it is listed with the unknown ones.
    ignored: [...match.ignored, ...match.duplicates],
  };
}

export function headerError(rows: RawRow[], specs: ColumnSpec<string>[]): DomainError {
  // Explain against the row that looked most like a header.
  let best = { found: -1, missing: specs.filter((s) => s.required), cells: [] as string[] };
  for (const row of rows) {
    const cells = row.cells.map(textOf);
    const m = matchHeader(cells, specs);
    const found = Object.keys(m.columns).length;
    if (found > best.found) best = { found, missing: m.missing, cells };
  }
  const seen = best.cells.filter(Boolean).slice(0, 12).join('、') || '（空）';
  return new DomainError(
    'IMPORT_HEADER',
    `找不到表头：前 ${rows.length} 行中没有包含必填列的一行。缺少：${best.missing.map((s) => s.label).join('、')}；看到的列名：${seen}`,
  );
}

export const textOf = (c: Cell): string => ('text' in c ? c.text : '');
export const isBlank = (row: RawRow): boolean => row.cells.every((c) => 'text' in c && c.text.trim() === '');
