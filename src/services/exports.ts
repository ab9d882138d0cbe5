import { echo } from '../../cards/echo';
import type { Models } from '../adapters/db/models';
import { addSheet, newWorkbook, workbookFile } from '../adapters/xlsx-workbook';
import type { IsoDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { DEFAULT_EVALUATION, type EvaluationConfig } from '../domain/evaluation';
import { GUIDE_SHEET, planSheets, type PlanSheet } from '../importer/plan-workbook';
import { approvedPlan, templateOf } from './plans';
import { evaluateYear } from './evaluation';
import { drawResults, evaluationTable, resultTable } from './export-tables';
import { evidenceTable } from './evidence-archive';

/**
 * The tables government offices keep, as xlsx in their usual layout: 随机抽查事项清单 (the plan's
 * columns), 抽取结果, 抽查结果公示表, the 考评 table and the 现场材料清单 for the archive. Asked for in chat (`/导出`) or on the command line
 * (`npm run export`); each is built from the database as of a date and is the same for the same data.
 */

export const EXPORT_KINDS = {
  items: { label: '事项清单', words: ['事项清单', '清单', '随机抽查事项清单', '计划'], public: true },
  template: { label: '计划模板', words: ['计划模板', '模板'], public: true },
  draws: { label: '抽取结果', words: ['抽取结果', '抽取', '抽取清单'], public: false },
  results: {
    label: '结果公示表',
    words: ['结果公示表', '公示表', '结果公示', '抽查结果公示表'],
    public: true,
  },
  evaluation: { label: '考评表', words: ['考评表', '考评'], public: false },
  evidence: {
    label: '现场材料清单',
    words: ['现场材料清单', '现场材料', '材料清单'],
    public: false,
  },
} as const;

export type ExportKind = keyof typeof EXPORT_KINDS;

/** The export a word names (`/导出 公示表 2026`), or null. */
export function exportKindOf(word: string): ExportKind | null {
  const w = word.trim();
  for (const [k, v] of Object.entries(EXPORT_KINDS))
    if ((v.words as readonly string[]).includes(w)) return k as ExportKind;
  return null;
}

export const exportChoices = () => Object.values(EXPORT_KINDS).map((v) => v.label);

/**
 * `<类型> [年份]` as typed in chat (`/导出`) or on the command line (`npm run export`): the export and its
 * year (this year when none), or a DomainError that ends with `usage`.
 */
export function parseExportRequest(
  words: string[],
  thisYear: number,
  usage: string,
): { kind: ExportKind; year: number } {
  const [word = '', yearText, ...rest] = words;
  const kind = exportKindOf(word);
  if (!kind || rest.length)
    throw new DomainError('USAGE', word ? `没有“${echo(word)}”这种导出。${usage}` : usage);
  if (yearText !== undefined && !/^20\d\d$/.test(yearText))
    throw new DomainError('BAD_YEAR', `年份应为四位数字，例如 ${thisYear}。${usage}`);
  return { kind, year: yearText === undefined ? thisYear : Number(yearText) };
}

export async function exportXlsx(
  models: Models,
  kind: ExportKind,
  year: number,
  asOf: IsoDate,
  evaluation: EvaluationConfig = DEFAULT_EVALUATION,
): Promise<{ name: string; data: Buffer; rows: number }> {
  switch (kind) {
    case 'items':
      return itemList(models, year, asOf);
    case 'template':
      return planTemplateFile(models, year, asOf);
    case 'draws':
      return drawResults(models, year, asOf);
    case 'results':
      return resultTable(models, year, asOf);
    case 'evaluation':
      return evaluationTable(await evaluateYear(models, year, asOf, evaluation));
    case 'evidence':
      return evidenceTable(models, year, asOf);
  }
}

/**
 * The year's plan as the office keeps it: 随机抽查事项清单 (the list's columns, then 简称 and 事项代码),
 * 责任分工 and 人员名单 (names and roles; contacts stay out of files sent to chats). Sent back as it is,
 * it is the same plan (see importer/plan-workbook.ts).
 */
async function itemList(models: Models, year: number, asOf: IsoDate) {
  const version = await approvedPlan(models, year);
  if (!version) throw new DomainError('NO_PLAN', `没有 ${year} 年度计划，请确认年份`);
  const template = templateOf(version);
  const file = await planWorkbook(
    planSheets(template, { year }),
    asOf,
    `${template.bureau.name} ${year} 年随机抽查事项清单.xlsx`,
  );
  return { ...file, rows: template.items.length };
}

/** The empty plan workbook, with a sheet on how to fill it in (the importer skips that sheet). */
async function planTemplateFile(models: Models, year: number, asOf: IsoDate) {
  const current = await approvedPlan(models, year);
  const bureau = current ? templateOf(current).bureau.name : '';
  const sheets = planSheets(null, { year, bureau, contacts: true });
  const file = await planWorkbook(sheets, asOf, `${year} 年度计划模板.xlsx`, PLAN_GUIDE);
  return { ...file, rows: 0 };
}

const PLAN_GUIDE = [
  ['一份计划文件含“随机抽查事项清单”“责任分工”两张表（工作表名称不限，按表头识别），可另附“人员名单”表。'],
  [
    '随机抽查事项清单：每个抽查事项一行。抽查比例写 30% 或区间 10%-50%；抽查频次写“1年1次”“1年2次”；检查方式可多选：现场检查、书面检查、网络检查，用顿号分隔。现场材料（可选）填“要求”时，检查人员须先在飞书中上传现场照片或检查记录表才能填报结果；留空为不要求。',
  ],
  [
    '责任分工：每个事项一行（事项写名称或序号，同一分工的多个事项可用顿号分隔）；抽取时间、完成时限写“每年11月5日前”或 2027-11-05，抽取时间不能晚于完成时限。',
  ],
  [
    '人员名单：计划点名的人（领导小组组长、办公室、责任局领导、责任人），写明单位、角色和手机号，机器人据此在飞书中联系他们；名单中没有的人须已在系统中登记。',
  ],
  ['表格标题中写明年度（如“2027年…”），上传后按该年度读取；文号可写在标题中，组长批准时填写。'],
  [
    '在飞书中把文件发给机器人（或 npm run plan -- import 文件），办公室收到校验结果，组长收到审批卡片；批准后生效并公示。',
  ],
];

async function planWorkbook(sheets: PlanSheet[], asOf: IsoDate, name: string, guide?: string[][]) {
  const wb = newWorkbook(asOf);
  if (guide) addSheet(wb, GUIDE_SHEET, ['填写说明'], guide);
  for (const s of sheets) addSheet(wb, s.name, s.header, s.rows, { title: s.title });
  return workbookFile(wb, name);
}
