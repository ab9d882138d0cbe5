import type { Role } from '../domain/plan-template';
import type { OfficerRecord } from '../domain/records';
import { fold } from '../domain/text';
import { OFFICER_COLUMNS } from './columns';
import type { Cell } from './read-table';
import { MAX_CELL_LENGTH, rowReader, splitList, type RowProblem, type RowSide } from './row-problems';

type Field = (typeof OFFICER_COLUMNS)[number]['field'];
const LABELS = Object.fromEntries(OFFICER_COLUMNS.map((c) => [c.field, c.label])) as Record<Field, string>;

const ROLE_WORDS: Record<string, Role[]> = {
  执法检查人员: ['inspector'],
  检查人员: ['inspector'],
  执法人员: ['inspector'],
  民警: ['inspector'],
  负责人: ['unit_head', 'inspector'],
  单位负责人: ['unit_head', 'inspector'],
  大队长: ['unit_head', 'inspector'],
  所长: ['unit_head', 'inspector'],
  责任人: ['responsible', 'inspector'],
};
const ACTIVE: Record<string, boolean> = {
  在岗: true,
  正常: true,
  在职: true,
  启用: true,
  停用: false,
  调离: false,
  离职: false,
  退休: false,
  离岗: false,
};

export interface OfficerRowContext {
  columns: Partial<Record<Field, number>>;
  resolveItem: (text: string) => string | null;
  itemNames: string[];
  unitNames: string[];
}

/**
 * Validates one row of an officer sheet; returns the record, or null with the problems appended.
 * `side` receives the row's badge number when that cell is valid, and the formula cells read.
 */
export function parseOfficerRow(
  rowNumber: number,
  cells: Cell[],
  ctx: OfficerRowContext,
  problems: RowProblem[],
  side?: RowSide,
): OfficerRecord | null {
  const before = problems.length;
  const read = rowReader(rowNumber, cells, ctx.columns, LABELS, problems, side);
  // An unreadable cell is reported once, by the reader; nothing more is said about its field.
  const bad = (field: Field, reason: string) => {
    if (!read.failed(field)) problems.push({ row: rowNumber, column: LABELS[field], reason });
  };

  const name = read('name');
  if (!name) bad('name', '姓名为空');
  else if (!/^[\p{Script=Han}·A-Za-z ]{2,20}$/u.test(name))
    bad('name', `姓名“${name}”含有数字或符号，或长度不在 2–20 字之间`);
  const badgeNo = fold(read('badgeNo')).toUpperCase();
  if (!badgeNo) bad('badgeNo', '执法证号为空');
  else if (!/^[0-9A-Z-]{4,30}$/.test(badgeNo))
    bad('badgeNo', `执法证号“${badgeNo}”格式不对（应为 4–30 位数字或字母）`);
  else if (side) side.key = badgeNo;
  const unitName = read('unitName');
  if (!unitName) bad('unitName', '所属单位为空');
  else if (!ctx.unitNames.includes(unitName))
    bad('unitName', `单位“${unitName}”不在单位名录中（现有：${ctx.unitNames.join('、')}）`);

  const roleText = fold(read('role'));
  const roles = roleText ? ROLE_WORDS[roleText] : ['inspector' as const];
  if (!roles) bad('role', `角色“${roleText}”无法识别（可填：${Object.keys(ROLE_WORDS).join('、')}）`);

  const areas: string[] = [];
  for (const text of splitList(read('areas'))) {
    const code = ctx.resolveItem(text);
    if (code) areas.push(code);
    else bad('areas', `未知的执法领域“${text}”（可填：${ctx.itemNames.join('、')}）`);
  }
  const mobile = fold(read('mobile')).replace(/^\+?86/, '');
  if (mobile && !/^1\d{10}$/.test(mobile)) bad('mobile', `手机号“${mobile}”应为 11 位数字`);
  const email = fold(read('email'));
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) bad('email', `邮箱“${email}”格式不对`);
  const statusText = fold(read('status'));
  const active = statusText ? ACTIVE[statusText] : true;
  if (active === undefined) bad('status', `状态“${statusText}”无效，应为 在岗 或 停用 等`);
  const title = read('title');
  if (title.length > MAX_CELL_LENGTH)
    bad('title', `内容过长（${title.length} 字），上限 ${MAX_CELL_LENGTH} 字`);

  if (problems.length > before) return null;
  return {
    badgeNo,
    name,
    unitName,
    title,
    roles: roles!,
    areas: [...new Set(areas)],
    mobile: mobile || null,
    email: email || null,
    active: active!,
  };
}
