import type { Role } from '../domain/plan-template';
import type { OfficerRecord } from '../domain/records';
import { parseFullDate } from '../domain/plan-cells';
import { ABSENCE_WORDS, type Absence, type AbsenceKind } from '../domain/qualification';
import { fold } from '../domain/text';
import { OFFICER_COLUMNS } from './officer-columns';
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
/** 状态 words: at work, a dated absence (休假 needs both dates, 停职 and a future 调离 a start), or gone. */
const STATUS: Record<string, 'active' | 'inactive' | AbsenceKind> = {
  在岗: 'active',
  正常: 'active',
  在职: 'active',
  启用: 'active',
  休假: 'leave',
  请假: 'leave',
  年休假: 'leave',
  病假: 'leave',
  事假: 'leave',
  停职: 'suspended',
  调离: 'transferred',
  停用: 'inactive',
  离职: 'inactive',
  退休: 'inactive',
  离岗: 'inactive',
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
  const status = statusText ? STATUS[statusText] : 'active';
  if (status === undefined) bad('status', `状态“${statusText}”无效，应为 在岗、休假、停职、调离 或 停用 等`);
  const date = (field: 'statusFrom' | 'statusTo' | 'certIssued') => {
    const text = read(field);
    if (!text) return null;
    const d = parseFullDate(text);
    if (d.ok) return d.value;
    bad(field, d.reason);
    return undefined;
  };
  const from = date('statusFrom');
  const to = date('statusTo');
  let absence: Absence | null = null;
  if (status === 'active' || status === 'inactive') {
    if (from || to)
      bad(
        from ? 'statusFrom' : 'statusTo',
        `状态为“${statusText || '在岗'}”，不应填写状态起止日期（休假、停职、调离才填）`,
      );
  } else if (status && from !== undefined && to !== undefined) {
    const word = ABSENCE_WORDS[status];
    if (!from && (status !== 'transferred' || to))
      bad('statusFrom', `状态为“${statusText}”，须填写${word}起始日期`);
    else if (status === 'leave' && !to) bad('statusTo', `状态为“${statusText}”，须填写休假截止日期`);
    else if (status === 'transferred' && to) bad('statusTo', '调离不填截止日期（调回后改为在岗）');
    else if (from && to && to < from) bad('statusTo', `${word}截止日期（${to}）早于起始日期（${from}）`);
    else if (from) absence = { kind: status, from, to };
  }
  // 有效期 may be written as one range, 2021-03-01至2027-02-28.
  const expiresText = read('certExpires');
  const range = expiresText.split(/\s*(?:至|到|~|～|—|–)\s*/);
  let issued = date('certIssued');
  let expires: string | null | undefined = null;
  if (range.length === 2 && range[0] && range[1] && !issued) {
    const [a, b] = [parseFullDate(range[0]), parseFullDate(range[1])];
    if (!a.ok || !b.ok)
      bad('certExpires', `无法识别有效期“${expiresText}”：请写成 2027-11-05 或 2021-11-06至2027-11-05`);
    else [issued, expires] = [a.value, b.value];
  } else if (expiresText) {
    const e = parseFullDate(expiresText);
    if (e.ok) expires = e.value;
    else bad('certExpires', e.reason);
  }
  if (issued && expires && expires < issued)
    bad('certExpires', `执法证有效期至（${expires}）早于发证日期（${issued}）`);
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
    // 调离 without a date: gone now, as before the roster carried dates.
    active: status === 'active' || (status !== 'inactive' && absence !== null),
    certIssued: issued ?? null,
    certExpires: expires ?? null,
    absence,
  };
}
