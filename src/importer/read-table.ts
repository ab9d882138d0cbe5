import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { DomainError } from '../domain/errors';

/** A cell as text, or why it cannot be read (a formula, an Excel error, a mangled number). */
export type Cell = { text: string } | { problem: string };

export interface RawRow {
  /** 1-based row number as the spreadsheet shows it. */
  rowNumber: number;
  cells: Cell[];
}

export interface TableLimits {
  maxBytes: number;
  maxRows: number;
}

export const DEFAULT_LIMITS: TableLimits = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000 };

const fail = (message: string) => new DomainError('IMPORT_FILE', message);

/**
 * Streams the rows of an xlsx (first worksheet) or csv file (UTF-8 or GB18030, as Excel in China
 * saves it). Refuses what it cannot read safely with a clear Chinese message: other formats, empty
 * files, files over the limits. Merged cells are reported after the rows (see `mergedRanges`).
 */
export async function* readTable(file: string, limits: TableLimits = DEFAULT_LIMITS): AsyncGenerator<RawRow> {
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
  const kind = await sniff(file);
  const rows = kind === 'xlsx' ? readXlsx(file) : readCsv(file);
  let count = 0;
  for await (const row of rows) {
    if (++count > limits.maxRows) throw fail(`文件超过 ${limits.maxRows} 行的上限，请拆分后分批导入`);
    yield row;
  }
}

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

async function* readXlsx(file: string): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const r = row as ExcelJS.Row;
        const cells: Cell[] = [];
        for (let c = 1; c <= r.cellCount; c++) cells.push(cellOf(r.getCell(c).value));
        yield { rowNumber: r.number, cells };
      }
      return; // the first worksheet is the table
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw fail(`无法读取 Excel 文件（文件可能已损坏）：${(err as Error).message}`);
  }
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? '是' : '否' };
  if (typeof value === 'number') {
    // 18-digit codes typed into a General cell become floats and lose their last digits.
    if (Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      return { problem: '长数字被 Excel 存成了数值，末尾几位已丢失：请把该列设为“文本”格式后重新录入' };
    }
    return { text: String(value) };
  }
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('formula' in value || 'sharedFormula' in value)
    return { problem: '单元格是公式，请复制后“选择性粘贴 → 数值”再导入' };
  if ('error' in value) return { problem: `单元格是 Excel 错误值 ${String(value.error)}` };
  if ('richText' in value) return { text: value.richText.map((t) => t.text).join('') };
  if ('text' in value) return { text: String(value.text) };
  return { problem: '无法识别的单元格内容' };
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

/**
 * The merged ranges of the first worksheet (e.g. `A2:A5`). The streaming reader skips them, and a
 * merged cell leaves the rows below it blank, so the importer refuses such tables by name.
 */
export async function mergedRanges(file: string): Promise<string[]> {
  if ((await sniff(file)) !== 'xlsx') return [];
  const zip = await JSZip.loadAsync(await readFile(file));
  const sheetPath = await firstSheetPath(zip);
  const xml = sheetPath ? await zip.file(sheetPath)?.async('string') : undefined;
  if (!xml) return [];
  const start = xml.lastIndexOf('<mergeCells');
  if (start < 0) return [];
  return [...xml.slice(start).matchAll(/<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"/g)].map((m) => m[1]!);
}

async function firstSheetPath(zip: JSZip): Promise<string | undefined> {
  const workbook = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  const rid = workbook?.match(/<sheet\b[^>]*\br:id="([^"]+)"/)?.[1];
  const target = rid && rels?.match(new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*Target="([^"]+)"`))?.[1];
  const alt = rid && rels?.match(new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${rid}"`))?.[1];
  const path = target ?? alt;
  if (!path) return undefined;
  return path.startsWith('/') ? path.slice(1) : `xl/${path}`;
}
