import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { TARGET_SHEET_HEADER } from '../../src/demo/write-pool-files';
import { creditCodeCheckChar } from '../../src/domain/credit-code';

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

/** A valid 统一社会信用代码 for 偃师区 numbered n. */
export const testCreditCode = (n: number): string => {
  const body = `91410381MA${String(n).padStart(7, '0')}`;
  return body + creditCodeCheckChar(body);
};

/** Row n of a target sheet with TARGET_SHEET_HEADER's columns: a valid 娱乐场所, any cell overridable. */
export const targetSheetRow = (n: number, over: Partial<Record<string, string>> = {}): string[] => {
  const base: Record<string, string> = {
    序号: String(n),
    单位名称: `偃师区测试娱乐城${n}`,
    统一社会信用代码: testCreditCode(n),
    经营地址: `偃师区商城街道华夏路${n}号`,
    法定代表人: '王伟',
    联系电话: '13800000000',
    抽查事项: '娱乐场所',
    信用等级: 'A',
    风险等级: '低',
    经营状态: '正常',
    ...over,
  };
  return TARGET_SHEET_HEADER.map((h) => base[h]!);
};
