import { basename } from 'node:path';
import type { Models } from '../adapters/db/models';
import { asPeopleWriter } from './people-writes';
import { DomainError } from '../domain/errors';
import { makeItemResolver } from '../domain/item-resolver';
import type { OfficerRecord, TargetRecord } from '../domain/records';
import { TARGET_COLUMNS, type ColumnSpec } from '../importer/columns';
import { OFFICER_COLUMNS } from '../importer/officer-columns';
import { findHeader, headerError, HEADER_SCAN_ROWS, isBlank } from '../importer/header';
import { parseOfficerRow } from '../importer/parse-officer-row';
import { parseTargetRow } from '../importer/parse-target-row';
import {
  DEFAULT_LIMITS,
  openTable,
  rowLimitError,
  type RawRow,
  type TableLimits,
} from '../importer/read-table';
import { firstText, isFooterRow } from '../importer/footer-row';
import { newRowSide } from '../importer/row-problems';
import type { ImportReport, PoolKind, RowProblem } from '../domain/import-report';
import { appendAudit } from './audit';
import { unitNames } from './items';
import { officerPlan, writeChanges, writeTargetChanges } from './pool-writes';
import { readAheadTargets } from './target-registry';

export type { ImportReport, PoolKind } from '../domain/import-report';

export interface ImportOptions {
  actor: string;
  /** The clock, injected: createdAt/updatedAt of what is written. */
  now: Date;
  /** For targets: the item(s) of every row that names none (`--item 娱乐场所`). */
  defaultItems?: string[];
  limits?: TableLimits;
}

/**
 * Imports a pool (检查对象名录库 or 执法检查人员名录库) from xlsx or csv. All rows are validated
 * first; a file with any bad row writes nothing. A good file is upserted by its key (统一社会信用代码
 * / 执法证号), writing only what changed, so re-running the same file changes nothing.
 */
export async function importPool(
  models: Models,
  kind: PoolKind,
  file: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  const items = await models.Item.find({}, { code: 1, name: 1, targetType: 1, aliases: 1 }).lean();
  if (items.length === 0)
    throw new DomainError(
      'NO_ITEMS',
      '尚未载入抽查事项清单：请先由领导小组办公室上传年度计划、经领导小组组长批准（或 npm run demo 演示）后再导入名录',
    );
  const resolveItem = makeItemResolver(items);
  const itemNames = items.map((i) => i.targetType);
  const units = await unitNames(models);

  const defaultItems = (opts.defaultItems ?? []).map((text) => {
    const code = resolveItem(text);
    if (!code)
      throw new DomainError('IMPORT_ARGS', `未知的抽查事项“${text}”（可填：${itemNames.join('、')}）`);
    return code;
  });

  const specs: ColumnSpec<string>[] = kind === 'targets' ? TARGET_COLUMNS : OFFICER_COLUMNS;
  const keyColumn = kind === 'targets' ? '统一社会信用代码' : '执法证号';
  const problems: RowProblem[] = [];
  const records: (TargetRecord | OfficerRecord)[] = [];
  /** Row of the first occurrence of each key, bad rows included: every duplicate is reported in one pass. */
  const firstRowOf = new Map<string, number>();
  const formulaCells: string[] = [];
  let header: { rowNumber: number; columns: Record<string, number>; ignored: string[] } | undefined;
  const scanned: RawRow[] = [];
  /** Footer-like rows not yet followed by data: skipped if nothing but blank rows follows them. */
  let footer: RawRow[] = [];
  let dataRows = 0;
  let lastDataRow = 0;

  const takeRow = (row: RawRow, columns: Record<string, number>) => {
    dataRows++;
    lastDataRow = row.rowNumber;
    const side = newRowSide();
    const record =
      kind === 'targets'
        ? parseTargetRow(
            row.rowNumber,
            row.cells,
            { columns, resolveItem, itemNames, defaultItems },
            problems,
            side,
          )
        : parseOfficerRow(
            row.rowNumber,
            row.cells,
            { columns, resolveItem, itemNames, unitNames: units },
            problems,
            side,
          );
    for (const column of side.formulas) formulaCells.push(`第 ${row.rowNumber} 行 ${column}`);
    if (side.key !== null) {
      const first = firstRowOf.get(side.key);
      if (first !== undefined)
        problems.push({
          row: row.rowNumber,
          column: keyColumn,
          reason: `${keyColumn} ${side.key} 与第 ${first} 行重复`,
        });
      else firstRowOf.set(side.key, row.rowNumber);
    }
    if (record && problems.length === 0) records.push(record);
  };

  const started = performance.now();
  // The stored targets, read while the file is parsed (a re-import of 100,000 waited ~0.5 s for them).
  const readAhead = kind === 'targets' ? readAheadTargets(models) : undefined;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const table = openTable(file, limits);
  for await (const row of table.rows) {
    if (!header) {
      if (scanned.length === 0 && isBlank(row)) continue; // blank rows above everything
      scanned.push(row);
      header = findHeader(scanned, specs);
      if (!header && scanned.length >= HEADER_SCAN_ROWS) throw headerError(scanned, specs);
      continue;
    }
    if (isBlank(row)) continue;
    if (dataRows + footer.length >= limits.maxRows) throw rowLimitError(limits);
    if (isFooterRow(row.cells)) {
      footer.push(row);
      continue;
    }
    // Data after footer-like rows: they were in the middle of the data, and are read as data.
    for (const held of footer) takeRow(held, header.columns);
    footer = [];
    takeRow(row, header.columns);
  }
  firstRowOf.clear(); // 200,000 keys: not kept through the write
  if (!header) {
    if (scanned.length === 0) throw new DomainError('IMPORT_FILE', '工作表是空的，没有任何内容');
    throw headerError(scanned, specs);
  }
  if (dataRows === 0)
    throw new DomainError(
      'IMPORT_FILE',
      `第 ${header.rowNumber} 行是表头，但表头下没有数据` +
        (footer.length ? `（只有表尾 ${footer.length} 行：${footerSample(footer)}）` : ''),
    );

  // Footers are often merged across the sheet's width; only merges among the data rows matter.
  const merges = table.merges.filter((ref) => {
    const top = Number(ref.match(/\d+/)![0]);
    return top > header!.rowNumber && top <= lastDataRow;
  });
  if (merges.length > 0) {
    throw new DomainError(
      'IMPORT_FILE',
      `表格的数据区有合并单元格（${merges.slice(0, 5).join('、')}${merges.length > 5 ? ' 等' : ''}），合并后下面的行是空的：请取消合并、填满每一行后再导入`,
    );
  }

  const notes: string[] = [];
  if (footer.length > 0) notes.push(skippedNote(footer));
  if (formulaCells.length > 0) notes.push(formulaNote(formulaCells));

  const report: ImportReport = {
    kind,
    file: basename(file),
    headerRow: header.rowNumber,
    dataRows,
    created: 0,
    updated: 0,
    unchanged: 0,
    problems,
    skippedRows: footer.map((r) => r.rowNumber),
    notes,
    ignoredColumns: header.ignored,
    written: false,
    seconds: { read: (performance.now() - started) / 1000, write: 0 },
  };
  if (problems.length > 0) return report;
  const writing = performance.now();

  const counts =
    kind === 'targets'
      ? await writeTargetChanges(models, records as TargetRecord[], opts.actor, opts.now, readAhead)
      : await asPeopleWriter(models, () =>
          writeChanges(officerPlan(models), records as OfficerRecord[], opts.actor, opts.now),
        );
  if (counts.created + counts.updated > 0) {
    await appendAudit(
      models,
      {
        actor: opts.actor,
        action: `pool.${kind}.imported`,
        subject: kind,
        details: { file: basename(file), rows: dataRows, created: counts.created, updated: counts.updated },
      },
      opts.now,
    );
  }
  return {
    ...report,
    ...counts,
    written: true,
    seconds: { ...report.seconds, write: (performance.now() - writing) / 1000 },
  };
}

const MAX_LISTED = 10;

/** 填表人：张三、审核人：李四… — what the skipped rows said, briefly. */
function footerSample(rows: RawRow[]): string {
  const texts = rows.map((r) => firstText(r.cells));
  let out = texts[0]!.length > 30 ? texts[0]!.slice(0, 30) : texts[0]!;
  for (const t of texts.slice(1)) {
    if (out.length + 1 + t.length > 30) break;
    out += `、${t}`;
  }
  return out.length < texts.join('、').length ? `${out}…` : out;
}

/** 已跳过表尾 3 行：第 16–18 行（填表人：张三、审核人：李四…） */
function skippedNote(rows: RawRow[]): string {
  const first = rows[0]!.rowNumber;
  const last = rows[rows.length - 1]!.rowNumber;
  const where = first === last ? `第 ${first} 行` : `第 ${first}–${last} 行`;
  return `已跳过表尾 ${rows.length} 行：${where}（${footerSample(rows)}）`;
}

/** 第 5 行 名称、第 9 行 地址 为公式，已按其计算结果导入 */
function formulaNote(cells: string[]): string {
  const listed = cells.slice(0, MAX_LISTED).join('、');
  const more = cells.length > MAX_LISTED ? ` 等 ${cells.length} 处` : '';
  return `${listed}${more} 为公式，已按其计算结果导入`;
}
