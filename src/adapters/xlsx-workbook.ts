import ExcelJS from 'exceljs';

/**
 * Workbooks the bot hands to people (the monthly summary, the exports): sheets with a bold, frozen
 * header row and columns as wide as their text. No clock: the workbook's timestamps are the date the
 * figures were taken, so the same data gives the same file.
 */
export function newWorkbook(asOf: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = wb.lastModifiedBy = '双随机抽查助手';
  wb.created = wb.modified = new Date(`${asOf}T00:00:00+08:00`);
  return wb;
}

/** A sheet with a bold, frozen header row and each column as wide as its widest cell (capped). */
export function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  header: string[],
  rows: (string | number)[][],
  opts: { filter?: boolean; title?: string } = {},
): ExcelJS.Worksheet {
  const top = opts.title ? 2 : 1;
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: top }] });
  // A title row above the header, as offices head their tables (importers skip it, and read its year and 文号).
  if (opts.title) ws.addRow([opts.title]).font = { bold: true, size: 14 };
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  header.forEach((_, i) => {
    const widest = rows.reduce(
      (w, r) => Math.max(w, displayWidth(String(r[i] ?? ''))),
      displayWidth(header[i]!),
    );
    ws.getColumn(i + 1).width = Math.min(Math.max(widest + 2, 8), 60);
  });
  if (opts.filter) ws.autoFilter = { from: { row: top, column: 1 }, to: { row: top, column: header.length } };
  return ws;
}

export async function workbookFile(
  wb: ExcelJS.Workbook,
  name: string,
): Promise<{ name: string; data: Buffer }> {
  return { name, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** Characters beyond Latin-1 (CJK, full-width punctuation) take two columns. */
const displayWidth = (text: string) => [...text].reduce((w, c) => w + (c.codePointAt(0)! > 0xff ? 2 : 1), 0);
