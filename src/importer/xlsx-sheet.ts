import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import type { Cell, RawRow } from './cells';

/**
 * Streams the first worksheet of an xlsx file: yauzl unzips, saxes parses, and a StringDecoder keeps
 * multi-byte characters whole across chunks. Not exceljs's streaming reader: it decodes each inflated
 * chunk on its own and turns Chinese characters split between chunks into U+FFFD (exceljs issues
 * #2063, #2084, open), which silently corrupts names in large sheets — our users' every sheet.
 * Formulas are read by their cached result (marked `formula`), or are a problem without one; error
 * values and long numbers come back as problems; merged ranges are collected.
 */
export class XlsxSheet {
  /** Merged ranges (`A2:A5`) of the sheet; complete once `rows()` has been consumed. */
  readonly merges: string[] = [];

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(file: string): Promise<XlsxSheet> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, z) =>
        err ? reject(err) : resolve(z!),
      ),
    );
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
    return new XlsxSheet(zip, entries);
  }

  close(): void {
    this.zip.close();
  }

  /** The worksheets in the workbook's tab order (name and part path). */
  async sheets(): Promise<{ name: string; path: string }[]> {
    const workbook = await this.readAll('xl/workbook.xml');
    const rels = await this.readAll('xl/_rels/workbook.xml.rels');
    if (!workbook || !rels) return [];
    const targets = new Map<string, string>();
    for (const [rel] of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = rel.match(/\bId="([^"]+)"/)?.[1];
      const target = rel.match(/\bTarget="([^"]+)"/)?.[1];
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
    const out: { name: string; path: string }[] = [];
    for (const [tag] of workbook.matchAll(/<sheet\b[^>]*>/g)) {
      const name = tag.match(/\bname="([^"]*)"/)?.[1];
      const path = targets.get(tag.match(/\br:id="([^"]+)"/)?.[1] ?? '');
      if (name !== undefined && path && this.entries.has(path)) out.push({ name: unescapeXml(name), path });
    }
    return out;
  }

  /** Rows of one worksheet (the first by default; see `sheets()` for the others). */
  async *rows(sheet?: { path: string }): AsyncGenerator<RawRow> {
    const sheetPath = sheet?.path ?? (await this.sheets())[0]?.path;
    if (!sheetPath) throw new Error('工作簿中没有工作表');
    const shared = await this.sharedStrings();

    const parser = new SaxesParser();
    const done: RawRow[] = [];
    let row: { number: number; cells: Cell[] } | null = null;
    let lastRow = 0;
    let cell: XmlCell | null = null;
    let inPhonetic = false;
    let nextCol = 0;
    parser.on('opentag', (tag: SaxesTagPlain) => {
      switch (tag.name) {
        case 'row':
          lastRow = tag.attributes.r ? Number(tag.attributes.r) : lastRow + 1;
          row = { number: lastRow, cells: [] };
          nextCol = 0;
          break;
        case 'c': {
          const ref = tag.attributes.r;
          const col = ref ? columnIndex(ref) : nextCol;
          nextCol = col + 1;
          cell = {
            col,
            type: tag.attributes.t ?? 'n',
            formula: false,
            cached: false,
            value: '',
            inText: false,
          };
          break;
        }
        case 'f':
          if (cell) cell.formula = true;
          break;
        case 'v':
        case 't':
          if (cell && !inPhonetic) {
            cell.inText = true;
            cell.cached = true;
          }
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 'mergeCell':
          if (tag.attributes.ref) this.merges.push(tag.attributes.ref);
          break;
      }
    });
    parser.on('text', (text) => {
      if (cell?.inText) cell.value += text;
    });
    parser.on('closetag', (tag) => {
      switch (tag.name) {
        case 'v':
        case 't':
          if (cell) cell.inText = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c':
          if (row && cell) {
            while (row.cells.length < cell.col) row.cells.push({ text: '' });
            row.cells[cell.col] = cellValue(cell, shared, row.number);
          }
          cell = null;
          break;
        case 'row':
          if (row) done.push({ rowNumber: row.number, cells: row.cells });
          row = null;
          break;
      }
    });
    for await (const text of this.text(sheetPath)) {
      parser.write(text);
      if (done.length > 0) yield* done.splice(0, done.length);
    }
    parser.close();
    yield* done.splice(0, done.length);
  }

  private async *text(path: string): AsyncGenerator<string> {
    const entry = this.entries.get(path);
    if (!entry) return;
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!))),
    );
    const decoder = new StringDecoder('utf8');
    for await (const chunk of stream) yield decoder.write(chunk as Buffer);
    const rest = decoder.end();
    if (rest) yield rest;
  }

  private async readAll(path: string): Promise<string | undefined> {
    if (!this.entries.has(path)) return undefined;
    let out = '';
    for await (const t of this.text(path)) out += t;
    return out;
  }

  /** The shared-string table; rich text runs joined, phonetic guides (rPh) left out. */
  private async sharedStrings(): Promise<string[]> {
    const strings: string[] = [];
    if (!this.entries.has('xl/sharedStrings.xml')) return strings;
    const parser = new SaxesParser();
    let current: string | null = null;
    let inText = false;
    let inPhonetic = false;
    parser.on('opentag', (tag) => {
      if (tag.name === 'si') current = '';
      else if (tag.name === 'rPh') inPhonetic = true;
      else if (tag.name === 't' && !inPhonetic) inText = true;
    });
    parser.on('text', (text) => {
      if (inText && current !== null) current += text;
    });
    parser.on('closetag', (tag) => {
      if (tag.name === 'si') {
        strings.push(detach(current ?? ''));
        current = null;
      } else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 't') inText = false;
    });
    for await (const text of this.text('xl/sharedStrings.xml')) parser.write(text);
    parser.close();
    return strings;
  }
}

/**
 * A copy of `s` that does not keep the parser's chunk alive: V8 makes substrings of 13+ characters
 * views into their parent, so 100,000 kept cells held every 64 KiB chunk of the sheet (174 MB of heap
 * for a 9 MB file, 82 MB with copies).
 */
const detach = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Sheet names are attribute values: `&amp;` and friends decoded. */
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e]!);

/** `AB12` → 27 (0-based column). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** `27` → `AB` (0-based column). */
function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

interface XmlCell {
  col: number;
  type: string;
  formula: boolean;
  /** A `<v>` (or `<t>`) element was seen: for a formula, its cached result. */
  cached: boolean;
  value: string;
  inText: boolean;
}

/** A formula is read by the result Excel or WPS cached in the file; without one it is refused, by name. */
function cellValue(c: XmlCell, shared: string[], rowNumber: number): Cell {
  if (c.formula && !c.cached && c.type !== 'e') {
    return {
      problem: `单元格 ${columnName(c.col)}${rowNumber} 是公式，但文件中没有保存其计算结果：请在 Excel 或 WPS 中打开并保存一次，或复制后“选择性粘贴 → 数值”再导入`,
    };
  }
  const value = plainValue(c, shared);
  return c.formula && 'text' in value ? { text: value.text, formula: true } : value;
}

function plainValue(c: XmlCell, shared: string[]): Cell {
  switch (c.type) {
    case 's':
      return { text: shared[Number(c.value)] ?? '' };
    case 'inlineStr':
    case 'str':
    case 'd':
      return { text: detach(c.value) };
    case 'b':
      return { text: c.value === '1' ? '是' : '否' };
    case 'e':
      return { problem: `单元格是 Excel 错误值 ${c.value}` };
    default: {
      if (c.value === '') return { text: '' };
      const n = Number(c.value);
      if (!Number.isFinite(n)) return { problem: `无法识别的数值“${c.value}”` };
      // Excel keeps 15 significant digits: an 18-digit code typed into a General cell has lost its tail.
      if (Number.isInteger(n) && Math.abs(n) >= 1e15) {
        return { problem: '长数字被 Excel 存成了数值，末尾几位已丢失：请把该列设为“文本”格式后重新录入' };
      }
      return { text: String(n) };
    }
  }
}
