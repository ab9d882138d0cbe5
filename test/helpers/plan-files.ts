import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Models } from '../../src/adapters/db/models';
import { exportXlsx } from '../../src/services/exports';

/**
 * A plan file as an office would send it back: the `year`'s approved plan exported (`/导出 事项清单`),
 * its title rows moved to `asYear` (the 文号 of the plan it came from dropped), `edit` applied; written to `path`.
 */
export async function editedPlanFile(
  models: Models,
  path: string,
  opts: { year: number; asYear?: number; edit?: (wb: ExcelJS.Workbook) => void },
): Promise<string> {
  const exported = await exportXlsx(models, 'items', opts.year, `${opts.year}-11-26`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(exported.data).buffer);
  if (opts.asYear !== undefined)
    for (const ws of wb.worksheets) {
      const cell = ws.getCell('A1');
      cell.value = String(cell.value)
        .replace(`${opts.year}年`, `${opts.asYear}年`)
        .replace(/（[^）]*〔\d{4}〕[^）]*）/, '');
    }
  opts.edit?.(wb);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

/** The cell of a plan sheet under header `label` in the data row naming `item`. */
export function planCell(wb: ExcelJS.Workbook, sheet: string, item: string, label: string): ExcelJS.Cell {
  const ws = wb.getWorksheet(sheet)!;
  const col = (ws.getRow(2).values as unknown[]).indexOf(label);
  if (col < 0) throw new Error(`no column ${label} in ${sheet}`);
  let found: ExcelJS.Cell | undefined;
  ws.eachRow((row) => {
    if ((row.values as unknown[]).includes(item)) found = row.getCell(col);
  });
  if (!found) throw new Error(`no ${item} in ${sheet}`);
  return found;
}
