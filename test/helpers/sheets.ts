import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** A temporary folder for one test file's spreadsheets, removed afterwards. */
export function useTempDir(): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ssj-sheets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

export type SheetValue = ExcelJS.CellValue;

/** Writes rows (first row: whatever the test wants, e.g. a title or the header) to an xlsx file. */
export async function writeXlsx(
  file: string,
  rows: SheetValue[][],
  opts: { merges?: string[]; textColumns?: number[] } = {},
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名录');
  for (const row of rows) ws.addRow(row);
  for (const m of opts.merges ?? []) ws.mergeCells(m);
  await wb.xlsx.writeFile(file);
  return file;
}

/** Writes rows as CSV in UTF-8 (with BOM, as Excel does) or GB18030 (Excel's "CSV" on Chinese Windows). */
export function writeCsv(
  file: string,
  rows: string[][],
  encoding: 'utf8-bom' | 'gb18030' = 'utf8-bom',
): string {
  const text =
    rows
      .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
      .join('\r\n') + '\r\n';
  writeFileSync(file, encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : '\ufeff' + text);
  return file;
}
