import { addSheet, newWorkbook, workbookFile } from '../adapters/xlsx-workbook';
import type { SummaryRow } from '../../cards/summary-card';
import { headNotice } from '../domain/audit-chain';
import type { MonthlySummary, SummaryDetail } from './monthly-summary';

const SUMMARY_COLUMNS: [keyof SummaryRow, string][] = [
  ['itemName', '事项'],
  ['unitName', '责任单位'],
  ['dispatched', '本月派发'],
  ['filed', '本月办结'],
  ['onTime', '按期'],
  ['overdue', '逾期未办'],
  ['problems', '发现问题'],
  ['rectified', '已整改'],
];

const STATUS_TEXT: Record<SummaryDetail['status'], string> = {
  open: '待检查',
  reported: '已填报，待审核',
  returned: '被退回，待重新填报',
  accepted: '已通过审核',
};

const TIMELINESS_TEXT: Record<SummaryDetail['timeliness'], string> = {
  'on-time': '按期',
  late: '逾期办结',
  overdue: '逾期未办',
  pending: '未到期',
};

const DETAIL_COLUMNS: [string, (d: SummaryDetail) => string][] = [
  ['任务编号', (d) => d.taskNo],
  ['事项', (d) => d.itemName],
  ['责任单位', (d) => d.unitName],
  ['检查对象', (d) => d.targetName],
  ['检查人员', (d) => d.inspectors.join('、')],
  ['派发日期', (d) => d.dispatchedOn ?? ''],
  ['办结期限', (d) => d.deadline],
  ['任务状态', (d) => STATUS_TEXT[d.status]],
  ['检查日期', (d) => d.inspectedOn ?? ''],
  ['检查结果', (d) => d.resultCategory ?? ''],
  ['整改情况', (d) => d.rectification],
  ['按期情况', (d) => TIMELINESS_TEXT[d.timeliness]],
];

/** `2026-10 双随机抽查月度汇总.xlsx`. */
export const summaryXlsxName = (month: string) => `${month} 双随机抽查月度汇总.xlsx`;

/**
 * The monthly summary as a workbook: 汇总 (the card's table with a total row, the date of the figures
 * and the audit log's head as the card states it) and 明细 (one row per task counted). Dates are text
 * `YYYY-MM-DD`, as stored. No I/O and no clock: the workbook's timestamps are the summary's `asOf`, so
 * the same summary gives the same sheets.
 */
export async function summaryXlsx(s: MonthlySummary): Promise<{ name: string; data: Buffer }> {
  const wb = newWorkbook(s.asOf);

  const total = Object.fromEntries(
    SUMMARY_COLUMNS.slice(2).map(([k]) => [k, s.rows.reduce((a, r) => a + (r[k] as number), 0)]),
  );
  const summary = addSheet(
    wb,
    '汇总',
    SUMMARY_COLUMNS.map(([, h]) => h),
    [
      ...s.rows.map((r) => SUMMARY_COLUMNS.map(([k]) => r[k])),
      ['合计', '', ...SUMMARY_COLUMNS.slice(2).map(([k]) => total[k]!)],
    ],
  );
  summary.getRow(s.rows.length + 2).font = { bold: true };
  summary.addRow([]);
  summary.addRow([
    `数据截至 ${s.asOf}。本月派发、本月办结（按检查日期）、发现问题、已整改按 ${s.month} 计；` +
      '逾期未办为截至该日已过办结期限仍未填报（含被退回）的全部任务。',
  ]);
  if (s.auditHead) summary.addRow([headNotice(s.auditHead)]);

  addSheet(
    wb,
    '明细',
    DETAIL_COLUMNS.map(([h]) => h),
    s.details.map((d) => DETAIL_COLUMNS.map(([, f]) => f(d))),
    { filter: true },
  );

  return workbookFile(wb, summaryXlsxName(s.month));
}
