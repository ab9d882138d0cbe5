import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { DomainError } from '../domain/errors';
import type { RawRow } from './cells';
import { XlsxSheet } from './xlsx-sheet';

export type { Cell, RawRow } from './cells';

export interface TableLimits {
  maxBytes: number;
  /** Data rows (the header, title and footer rows not counted). */
  maxRows: number;
}

export const DEFAULT_LIMITS: TableLimits = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000 };

const fail = (message: string) => new DomainError('IMPORT_FILE', message);

/**
 * Streams the rows of an xlsx (first worksheet) or csv file (UTF-8 or GB18030, as Excel in China
 * saves it). Refuses what it cannot read safely with a clear Chinese message: other formats, empty
 * files, files over the limits.
 */
export interface Table {
  rows: AsyncGenerator<RawRow>;
  /**
   * Merged ranges of an xlsx sheet (`A2:A5`), known once `rows` is consumed. Merging leaves the rows
   * below a merged cell blank, so the importer refuses merges in the data area by name.
   */
  merges: string[];
}

export function openTable(file: string, limits: TableLimits = DEFAULT_LIMITS): Table {
  const merges: string[] = [];
  return { rows: readTable(file, limits, merges), merges };
}

async function* readTable(file: string, limits: TableLimits, merges: string[]): AsyncGenerator<RawRow> {
  await checkFile(file, limits);
  const kind = await sniff(file);
  const rows = kind === 'xlsx' ? readXlsx(file, merges) : readCsv(file);
  // A bound on raw rows, header and title rows allowed for; the importer bounds the data rows exactly.
  const maxRaw = limits.maxRows + RAW_ROW_ALLOWANCE;
  let count = 0;
  for await (const row of rows) {
    if (++count > maxRaw) throw rowLimitError(limits);
    yield row;
  }
}

/** Refuses what is not a readable file of a size we take. */
async function checkFile(file: string, limits: TableLimits): Promise<void> {
  const info = await stat(file).catch(() => {
    throw fail(`找不到文件：${file}`);
  });
  if (!info.isFile()) throw fail(`不是文件：${file}`);
  if (info.size === 0) throw fail('文件是空的');
  if (info.size > limits.maxBytes) {
    throw fail(
      `文件过大（${(info.size / 1048576).toFixed(1)} MB），上限为 ${limits.maxBytes / 1048576} MB，请拆分后分批导入`,
    );
  }
}

/** Rows above and below the data (titles, header, sign-off) that do not count against `maxRows`. */
const RAW_ROW_ALLOWANCE = 100;

export const rowLimitError = (limits: TableLimits) =>
  fail(`文件超过 ${limits.maxRows} 行的上限，请拆分后分批导入`);

async function sniff(file: string): Promise<'xlsx' | 'csv'> {
  const handle = await open(file, 'r');
  const head = Buffer.alloc(8);
  await handle.read(head, 0, 8, 0);
  await handle.close();
  const ext = extname(file).toLowerCase();
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw fail(
      '这是旧版 Excel（.xls / .et）文件，暂不支持：请在 Excel 或 WPS 中“另存为” .xlsx 或 .csv 后再导入',
    );
  }
  if (ext === '.xlsx' || ext === '.xlsm')
    throw fail('文件扩展名是 .xlsx，但内容不是有效的 Excel 文件（可能已损坏或被改名）');
  if (ext !== '.csv' && ext !== '.txt')
    throw fail(`不支持的文件类型“${ext || '无扩展名'}”：请提供 .xlsx 或 .csv 文件`);
  if (head.includes(0)) throw fail('文件内容不是文本，无法按 CSV 读取');
  return 'csv';
}

async function* readXlsx(file: string, merges: string[]): AsyncGenerator<RawRow> {
  let sheet: XlsxSheet | undefined;
  try {
    sheet = await XlsxSheet.open(file);
    yield* sheet.rows();
    merges.push(...sheet.merges);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw fail(`无法读取 Excel 文件（文件可能已损坏）：${(err as Error).message}`);
  } finally {
    sheet?.close();
  }
}

async function* readCsv(file: string): AsyncGenerator<RawRow> {
  const encoding = await detectEncoding(file);
  const parser = createReadStream(file)
    .pipe(iconv.decodeStream(encoding))
    .pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: false, info: true }));
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { rowNumber: record.info.lines, cells: record.record.map((text) => ({ text })) };
    }
  } catch (err) {
    throw fail(`CSV 格式错误：${(err as Error).message}`);
  }
}

/** UTF-8 if the first 64 KiB decode as UTF-8, else GB18030 (a superset of GBK, Excel's Chinese CSV encoding). */
async function detectEncoding(file: string): Promise<'utf8' | 'gb18030'> {
  const handle = await open(file, 'r');
  const buf = Buffer.alloc(65536);
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  await handle.close();
  // Cut a possibly split multi-byte character at the end of the sample.
  let end = bytesRead;
  if (bytesRead === buf.length) while (end > bytesRead - 4 && (buf[end - 1]! & 0xc0) === 0x80) end--;
  if (bytesRead === buf.length && buf[end - 1]! >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** A small workbook read whole: every worksheet of an xlsx, or a csv as one sheet named by its file. */
export async function readSheets(
  file: string,
  limits: TableLimits,
): Promise<{ name: string; rows: RawRow[]; merges: string[] }[]> {
  await checkFile(file, limits);
  if ((await sniff(file)) === 'csv') {
    const rows: RawRow[] = [];
    for await (const row of readCsv(file))
      if (rows.push(row) > limits.maxRows + RAW_ROW_ALLOWANCE) throw rowLimitError(limits);
    return [{ name: basename(file, extname(file)), rows, merges: [] }];
  }
  let book: XlsxSheet | undefined;
  try {
    book = await XlsxSheet.open(file);
    const out = [];
    for (const sheet of await book.sheets()) {
      const rows: RawRow[] = [];
      const mergesBefore = book.merges.length;
      for await (const row of book.rows(sheet))
        if (rows.push(row) > limits.maxRows + RAW_ROW_ALLOWANCE) throw rowLimitError(limits);
      out.push({ name: sheet.name, rows, merges: book.merges.slice(mergesBefore) });
    }
    if (out.length === 0) throw fail('工作簿中没有工作表');
    return out;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw fail(`无法读取 Excel 文件（文件可能已损坏）：${(err as Error).message}`);
  } finally {
    book?.close();
  }
}
