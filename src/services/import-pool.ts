import { basename } from 'node:path';
import type { AnyBulkWriteOperation } from 'mongoose';
import type { Models } from '../adapters/db/models';
import { DomainError } from '../domain/errors';
import { makeItemResolver } from '../domain/item-resolver';
import type { OfficerRecord, TargetRecord } from '../domain/records';
import { matchHeader, OFFICER_COLUMNS, TARGET_COLUMNS, type ColumnSpec } from '../importer/columns';
import { parseOfficerRow } from '../importer/parse-officer-row';
import { parseTargetRow } from '../importer/parse-target-row';
import {
  DEFAULT_LIMITS,
  mergedRanges,
  readTable,
  type Cell,
  type RawRow,
  type TableLimits,
} from '../importer/read-table';
import type { RowProblem } from '../importer/row-problems';

export type PoolKind = 'targets' | 'officers';

export interface ImportReport {
  kind: PoolKind;
  file: string;
  headerRow: number;
  dataRows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every bad row; when non-empty nothing was written. */
  problems: RowProblem[];
  ignoredColumns: string[];
  written: boolean;
}

export interface ImportOptions {
  actor: string;
  /** For targets: the item(s) of every row that names none (`--item 娱乐场所`). */
  defaultItems?: string[];
  limits?: TableLimits;
}

const HEADER_SCAN_ROWS = 10;
const BATCH = 1000;

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
      '尚未载入抽查事项清单：请先载入计划（npm run demo 或 npm run seed）再导入名录',
    );
  const resolveItem = makeItemResolver(items);
  const itemNames = items.map((i) => i.targetType);
  const unitNames = (await models.Unit.find({}, { name: 1 }).lean()).map((u) => u.name);

  const defaultItems = (opts.defaultItems ?? []).map((text) => {
    const code = resolveItem(text);
    if (!code)
      throw new DomainError('IMPORT_ARGS', `未知的抽查事项“${text}”（可填：${itemNames.join('、')}）`);
    return code;
  });

  const specs: ColumnSpec<string>[] = kind === 'targets' ? TARGET_COLUMNS : OFFICER_COLUMNS;
  const problems: RowProblem[] = [];
  const records = new Map<string, { row: number; record: TargetRecord | OfficerRecord }>();
  let header: { rowNumber: number; columns: Record<string, number>; ignored: string[] } | undefined;
  const scanned: RawRow[] = [];
  let dataRows = 0;

  for await (const row of readTable(file, opts.limits ?? DEFAULT_LIMITS)) {
    if (!header) {
      scanned.push(row);
      header = findHeader(scanned, specs);
      if (!header && scanned.length >= HEADER_SCAN_ROWS) throw headerError(scanned, specs);
      continue;
    }
    if (row.cells.every((c) => 'text' in c && c.text.trim() === '')) continue;
    dataRows++;
    const record =
      kind === 'targets'
        ? parseTargetRow(
            row.rowNumber,
            row.cells,
            { columns: header.columns, resolveItem, itemNames, defaultItems },
            problems,
          )
        : parseOfficerRow(
            row.rowNumber,
            row.cells,
            { columns: header.columns, resolveItem, itemNames, unitNames },
            problems,
          );
    if (!record) continue;
    const key = 'creditCode' in record ? record.creditCode : record.badgeNo;
    const first = records.get(key);
    if (first) {
      const column = kind === 'targets' ? '统一社会信用代码' : '执法证号';
      problems.push({ row: row.rowNumber, column, reason: `${column} ${key} 与第 ${first.row} 行重复` });
    } else records.set(key, { row: row.rowNumber, record });
  }
  if (!header) throw headerError(scanned, specs);
  if (dataRows === 0)
    throw new DomainError('IMPORT_FILE', `第 ${header.rowNumber} 行是表头，但下面没有数据行`);

  const merges = (await mergedRanges(file)).filter((ref) => Number(ref.match(/\d+/)![0]) > header!.rowNumber);
  if (merges.length > 0) {
    throw new DomainError(
      'IMPORT_FILE',
      `表格的数据区有合并单元格（${merges.slice(0, 5).join('、')}${merges.length > 5 ? ' 等' : ''}），合并后下面的行是空的：请取消合并、填满每一行后再导入`,
    );
  }

  const report: ImportReport = {
    kind,
    file: basename(file),
    headerRow: header.rowNumber,
    dataRows,
    created: 0,
    updated: 0,
    unchanged: 0,
    problems,
    ignoredColumns: header.ignored,
    written: false,
  };
  if (problems.length > 0) return report;

  const actor = opts.actor;
  const list = [...records.values()].map((r) => r.record);
  const counts =
    kind === 'targets'
      ? await writeTargets(models, list as TargetRecord[], actor)
      : await writeOfficers(models, list as OfficerRecord[], actor);
  return { ...report, ...counts, written: true };
}

function findHeader(rows: RawRow[], specs: ColumnSpec<string>[]) {
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

function headerError(rows: RawRow[], specs: ColumnSpec<string>[]): DomainError {
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

const textOf = (c: Cell): string => ('text' in c ? c.text : '');

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])];

async function bulk(
  model: { bulkWrite(ops: AnyBulkWriteOperation[], o: object): Promise<unknown> },
  ops: AnyBulkWriteOperation[],
) {
  for (let i = 0; i < ops.length; i += BATCH)
    await model.bulkWrite(ops.slice(i, i + BATCH), { ordered: false });
}

async function writeTargets(models: Models, records: TargetRecord[], actor: string) {
  const ops: AnyBulkWriteOperation[] = [];
  let created = 0,
    updated = 0,
    unchanged = 0;
  for (let i = 0; i < records.length; i += BATCH) {
    const batch = records.slice(i, i + BATCH);
    const existing = new Map(
      (await models.Target.find({ creditCode: { $in: batch.map((r) => r.creditCode) } }).lean()).map((d) => [
        d.creditCode,
        d,
      ]),
    );
    for (const r of batch) {
      const old = existing.get(r.creditCode);
      if (!old) {
        created++;
        ops.push({ insertOne: { document: { ...r, createdBy: actor, updatedBy: actor } } });
        continue;
      }
      // A target keeps the items it was imported for before (one file per item is common).
      const next = { ...r, itemCodes: union(old.itemCodes, r.itemCodes) };
      const changed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(next)) {
        const prev = (old as Record<string, unknown>)[k];
        if (Array.isArray(v) ? !sameSet(v, (prev as string[] | undefined) ?? []) : v !== prev) changed[k] = v;
      }
      if (Object.keys(changed).length === 0) unchanged++;
      else {
        updated++;
        ops.push({
          updateOne: { filter: { _id: old._id }, update: { $set: { ...changed, updatedBy: actor } } },
        });
      }
    }
  }
  await bulk(models.Target, ops);
  return { created, updated, unchanged };
}

async function writeOfficers(models: Models, records: OfficerRecord[], actor: string) {
  const ops: AnyBulkWriteOperation[] = [];
  let created = 0,
    updated = 0,
    unchanged = 0;
  // People named in the plan have no badge number yet: the first import that lists them attaches it.
  const unbadged = new Map(
    (await models.Person.find({ badgeNo: null }).lean()).map((p) => [`${p.name}\u0000${p.unitName}`, p]),
  );
  for (let i = 0; i < records.length; i += BATCH) {
    const batch = records.slice(i, i + BATCH);
    const existing = new Map(
      (await models.Person.find({ key: { $in: batch.map((r) => `badge:${r.badgeNo}`) } }).lean()).map((d) => [
        d.key,
        d,
      ]),
    );
    for (const r of batch) {
      const key = `badge:${r.badgeNo}`;
      const old = existing.get(key) ?? unbadged.get(`${r.name}\u0000${r.unitName}`);
      if (!old) {
        created++;
        ops.push({ insertOne: { document: { key, ...r, createdBy: actor, updatedBy: actor } } });
        continue;
      }
      const next = { key, ...r, roles: union(old.roles, r.roles) };
      const changed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(next)) {
        const prev = (old as Record<string, unknown>)[k];
        if (Array.isArray(v) ? !sameSet(v, (prev as string[] | undefined) ?? []) : v !== (prev ?? null))
          changed[k] = v;
      }
      if (Object.keys(changed).length === 0) unchanged++;
      else {
        updated++;
        ops.push({
          updateOne: { filter: { _id: old._id }, update: { $set: { ...changed, updatedBy: actor } } },
        });
      }
    }
  }
  await bulk(models.Person, ops);
  return { created, updated, unchanged };
}
