import { creditCodeProblem, normalizeCreditCode } from '../domain/credit-code';
import type { TargetRecord } from '../domain/records';
import type { CreditLevel, RiskLevel, TargetStatus } from '../domain/target';
import { fold } from '../domain/text';
import { TARGET_COLUMNS } from './columns';
import type { Cell } from './read-table';
import { MAX_CELL_LENGTH, rowReader, splitList, type RowProblem, type RowSide } from './row-problems';

type Field = (typeof TARGET_COLUMNS)[number]['field'];
const LABELS = Object.fromEntries(TARGET_COLUMNS.map((c) => [c.field, c.label])) as Record<Field, string>;

const CREDIT: Record<string, CreditLevel> = { a: 'A', b: 'B', c: 'C', d: 'D' };
const RISK: Record<string, RiskLevel> = {
  低: 'low',
  低风险: 'low',
  较低: 'low',
  中: 'medium',
  一般: 'medium',
  中风险: 'medium',
  中等: 'medium',
  高: 'high',
  较高: 'high',
  高风险: 'high',
};
const STATUS: Record<string, TargetStatus> = {
  正常: 'open',
  在业: 'open',
  存续: 'open',
  开业: 'open',
  营业: 'open',
  在营: 'open',
  停业: 'suspended',
  歇业: 'suspended',
  暂停营业: 'suspended',
  注销: 'closed',
  吊销: 'closed',
  关闭: 'closed',
  撤销: 'closed',
  迁出: 'closed',
};

export interface TargetRowContext {
  columns: Partial<Record<Field, number>>;
  resolveItem: (text: string) => string | null;
  itemNames: string[];
  /** Item(s) given for the whole file (`--item`), used when the row names none. */
  defaultItems: string[];
}

/**
 * Validates one row of a target sheet; returns the record, or null with the problems appended.
 * `side` receives the row's credit code when that cell is valid, and the formula cells read.
 */
export function parseTargetRow(
  rowNumber: number,
  cells: Cell[],
  ctx: TargetRowContext,
  problems: RowProblem[],
  side?: RowSide,
): TargetRecord | null {
  const before = problems.length;
  const read = rowReader(rowNumber, cells, ctx.columns, LABELS, problems, side);
  // An unreadable cell is reported once, by the reader; nothing more is said about its field.
  const bad = (field: Field, reason: string) => {
    if (!read.failed(field)) problems.push({ row: rowNumber, column: LABELS[field], reason });
  };

  const name = read('name');
  if (!name) bad('name', '名称为空');
  const creditCode = normalizeCreditCode(read('creditCode'));
  if (!read.failed('creditCode')) {
    const codeProblem = creditCodeProblem(creditCode);
    if (codeProblem) bad('creditCode', codeProblem);
    else if (side) side.key = creditCode;
  }

  const itemTexts = splitList(read('items'));
  const itemCodes: string[] = [];
  for (const text of itemTexts) {
    const code = ctx.resolveItem(text);
    if (code) itemCodes.push(code);
    else bad('items', `未知的抽查事项“${text}”（可填：${ctx.itemNames.join('、')}）`);
  }
  if (itemTexts.length === 0) itemCodes.push(...ctx.defaultItems);
  if (itemTexts.length === 0 && itemCodes.length === 0)
    bad('items', '未填写抽查事项（可在表中加“抽查事项”列，或导入时用 --item 指定）');

  const creditText = fold(read('creditLevel'))
    .replace(/[级类]$/, '')
    .toLowerCase();
  const creditLevel = creditText ? CREDIT[creditText] : 'B';
  if (!creditLevel) bad('creditLevel', `信用等级“${read('creditLevel')}”无效，应为 A、B、C、D 之一`);
  const riskText = fold(read('riskLevel'));
  const riskLevel = riskText ? RISK[riskText] : 'medium';
  if (!riskLevel) bad('riskLevel', `风险等级“${riskText}”无效，应为 低、中、高 之一`);
  const statusText = fold(read('status'));
  const status = statusText ? STATUS[statusText] : 'open';
  if (!status) bad('status', `经营状态“${statusText}”无效，应为 正常、停业、注销 等`);

  const address = read('address');
  const legalRepresentative = read('legalRepresentative');
  const phone = read('phone');
  const tooLong = (field: Field, value: string) => {
    if (value.length > MAX_CELL_LENGTH)
      bad(field, `内容过长（${value.length} 字），上限 ${MAX_CELL_LENGTH} 字`);
  };
  tooLong('creditCode', creditCode);
  tooLong('name', name);
  tooLong('address', address);
  tooLong('legalRepresentative', legalRepresentative);
  tooLong('phone', phone);
  if (problems.length > before) return null;
  // One literal: an object spread with four more fields took ~330 bytes more of each kept record.
  return {
    creditCode,
    name,
    address,
    legalRepresentative,
    phone,
    itemCodes: [...new Set(itemCodes)],
    creditLevel: creditLevel!,
    riskLevel: riskLevel!,
    status: status!,
  };
}
