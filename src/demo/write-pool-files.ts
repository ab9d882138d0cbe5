import ExcelJS from 'exceljs';
import { ABSENCE_WORDS } from '../domain/qualification';
import type { OfficerRecord, TargetRecord } from '../domain/records';
import { RISK_LABELS, TARGET_STATUS_LABELS } from '../domain/target';

/** The columns of a target sheet as a bureau keeps it (and as the demo and tests write it). */
export const TARGET_SHEET_HEADER = [
  '序号',
  '单位名称',
  '统一社会信用代码',
  '经营地址',
  '法定代表人',
  '联系电话',
  '抽查事项',
  '信用等级',
  '风险等级',
  '经营状态',
];

/**
 * Writes pools as the xlsx sheets a bureau keeps (streaming, so 100,000 rows fit in little memory):
 * the same files the importer reads, so the demo and the benchmark go through the real import path.
 */
export async function writeTargetsXlsx(
  file: string,
  targets: TargetRecord[],
  itemName: (code: string) => string,
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('检查对象名录库');
  ws.addRow(TARGET_SHEET_HEADER).commit();
  targets.forEach((t, i) => {
    ws.addRow([
      i + 1,
      t.name,
      t.creditCode,
      t.address,
      t.legalRepresentative,
      t.phone,
      t.itemCodes.map(itemName).join('、'),
      t.creditLevel,
      RISK_LABELS[t.riskLevel],
      TARGET_STATUS_LABELS[t.status],
    ]).commit();
  });
  ws.commit();
  await wb.commit();
}

export async function writeOfficersXlsx(
  file: string,
  officers: OfficerRecord[],
  itemName: (code: string) => string,
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('执法检查人员名录库');
  ws.addRow([
    '姓名',
    '执法证号',
    '所属单位',
    '职务',
    '角色',
    '执法领域',
    '手机号',
    '邮箱',
    '状态',
    '状态起始日期',
    '状态截止日期',
    '发证日期',
    '有效期至',
  ]).commit();
  for (const o of officers) {
    ws.addRow([
      o.name,
      o.badgeNo,
      o.unitName,
      o.title,
      o.roles.includes('unit_head') ? '负责人' : '执法检查人员',
      o.areas.map(itemName).join('、'),
      o.mobile ?? '',
      o.email ?? '',
      o.absence ? ABSENCE_WORDS[o.absence.kind] : o.active ? '在岗' : '停用',
      o.absence?.from ?? '',
      o.absence?.to ?? '',
      o.certIssued ?? '',
      o.certExpires ?? '',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}
