import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openTable } from '../../src/importer/read-table';
import { useTempDir } from '../helpers/sheets';

/** Reads every row of a file's first sheet as text (problems as `!problem`). */
async function readAll(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of openTable(file).rows)
    rows.push(row.cells.map((c) => ('text' in c ? c.text : `!${c.problem}`)));
  return rows;
}

describe('streaming xlsx reader', () => {
  const dir = useTempDir();
  const names = Array.from(
    { length: 20_000 },
    (_, i) => `偃师区第${i}号娱乐场所·歌舞厅（${'汉字'.repeat(i % 7)}）`,
  );

  it.each([
    ['inline strings, streamed', false],
    ['a shared-string table', true],
  ])('keeps every Chinese character whole across inflate chunks (%s)', async (_what, useSharedStrings) => {
    const file = join(dir(), `cn-${useSharedStrings}.xlsx`);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
    const ws = wb.addWorksheet('名录');
    for (const name of names) ws.addRow([name, 'ＡＢＣ', 12]).commit();
    await wb.commit();
    const rows = await readAll(file);
    expect(rows.map((r) => r[0])).toEqual(names);
    expect(rows.filter((r) => r.join('').includes('\ufffd'))).toEqual([]);
    expect(rows[0]!.slice(1)).toEqual(['ＡＢＣ', '12']);
  });

  it('places cells by their reference, leaving gaps empty, and reads the first sheet in workbook order', async () => {
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet('第一页');
    first.getCell('A1').value = '名称';
    first.getCell('D1').value = '代码';
    first.getCell('B3').value = true;
    wb.addWorksheet('第二页').getCell('A1').value = '不应读取';
    const file = join(dir(), 'gaps.xlsx');
    await wb.xlsx.writeFile(file);
    const rows: { n: number; cells: string[] }[] = [];
    for await (const r of openTable(file).rows)
      rows.push({ n: r.rowNumber, cells: r.cells.map((c) => ('text' in c ? c.text : '?')) });
    expect(rows).toEqual([
      { n: 1, cells: ['名称', '', '', '代码'] },
      { n: 3, cells: ['', '是'] },
    ]);
  });

  it('collects merged ranges once the rows are read', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['标题']);
    ws.addRow(['a', 'b']);
    ws.mergeCells('A1:B1');
    const file = join(dir(), 'merge.xlsx');
    await wb.xlsx.writeFile(file);
    const table = openTable(file);
    for await (const _ of table.rows) void _;
    expect(table.merges).toEqual(['A1:B1']);
  });
});
