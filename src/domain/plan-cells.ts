import {
  INSPECTION_METHODS,
  ROLES,
  type ItemCategory,
  type MonthDay,
  type Ratio,
  type Role,
} from './plan-template';

/** A plan cell read into its value, or the reason it cannot be (Chinese, for the row's error line). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};
/** `3`, `三`, `十二` → 3, 3, 12. */
const count = (text: string): number | null => (/^\d+$/.test(text) ? Number(text) : (DIGITS[text] ?? null));

const norm = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

/**
 * 抽查比例: `30%`, `10%-50%`, `10-50%` (a range resolved at draw time). A bare fraction below 1 is
 * what a percent-formatted Excel cell holds (0.3 for 30%); any other number needs its % sign.
 */
export function parseRatio(cell: string): Parsed<{ ratio: Ratio; text: string }> {
  const t = norm(cell);
  const hint = '请写成百分比，如 30% 或区间 10%-50%';
  if (!t) return bad(`抽查比例为空：${hint}`);
  const range = t.match(/^(\d+(?:\.\d+)?)%?[-~至到—–]+(\d+(?:\.\d+)?)%$/);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (!(min > 0 && max <= 100 && min < max))
      return bad(`抽查比例区间“${cell}”无效：下限应大于 0、小于上限，上限不超过 100%`);
    return ok({ ratio: { kind: 'range', minPercent: min, maxPercent: max }, text: cell.trim() });
  }
  const fixed = t.match(/^(\d+(?:\.\d+)?)(%?)$/);
  if (!fixed) return bad(`无法识别抽查比例“${cell}”：${hint}`);
  let percent = Number(fixed[1]);
  let text = cell.trim();
  if (!fixed[2]) {
    if (!(percent > 0 && percent < 1))
      return bad(`抽查比例“${cell}”没有百分号：${hint}（百分比格式的单元格请改为文本格式）`);
    percent = Math.round(percent * 10000) / 100;
    text = `${percent}%`;
  }
  if (!(percent > 0 && percent <= 100)) return bad(`抽查比例“${cell}”应大于 0 且不超过 100%`);
  return ok({ ratio: { kind: 'fixed', percent }, text });
}

const PER_YEAR: Record<string, number> = { 年: 1, 半年: 2, 季度: 4, 季: 4, 月: 12 };

/** 抽查频次: `1年2次`, `每年1次`, `一年两次`, `2次/年`, `半年1次`, `每季度1次` → rounds a year (1–12). */
export function parseFrequency(cell: string): Parsed<number> {
  const t = norm(cell);
  const hint = '请写成“1年1次”“1年2次”或“每季度1次”';
  const a = t.match(/^(?:每|1|一)?(半年|季度|季|年|月)(.+?)次$/);
  const b = t.match(/^(.+?)次\/(半年|季度|季|年|月)$/);
  const [per, times] = a ? [a[1]!, a[2]!] : b ? [b[2]!, b[1]!] : ['', ''];
  const k = per ? count(times) : null;
  const n = k === null ? null : k * PER_YEAR[per]!;
  if (n === null) return bad(`无法识别抽查频次“${cell}”：${hint}`);
  if (n < 1 || n > 12) return bad(`抽查频次“${cell}”折合每年 ${n} 次，应为每年 1 至 12 次`);
  return ok(n);
}

/**
 * 抽取时间 / 完成时限: `每年11月5日前`, `11月5日`, `11-05`, `2027-11-05`, `2027年11月5日前完成`, or
 * an Excel date; a bracketed remark after it is kept as the note (（上级有特殊要求的，按要求执行）).
 */
export function parsePlanDate(cell: string, year: number): Parsed<{ date: MonthDay; note: string }> {
  const raw = cell.trim();
  // The note as written (full-width punctuation kept); the date itself is read normalised.
  const note = raw.match(/[(（]([^)）]*)[)）]\s*$/)?.[1]?.trim() ?? '';
  const t = norm(raw.replace(/[(（][^)）]*[)）]\s*$/, ''));
  if (!t) return bad('日期为空：请写成“11月5日前”或 2027-11-05');
  let y: number | null;
  let month: number;
  let day: number;
  const serial = t.match(/^(\d{5})(?:\.0+)?$/);
  const cn = t.match(/^(?:每年)?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号](?:之?前)?(?:完成)?$/);
  const iso = t.match(/^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})(?:之?前)?$/);
  if (serial) {
    // Excel's day count from 1899-12-30 (a date-formatted cell read as its number).
    const d = new Date(Date.UTC(1899, 11, 30) + Number(serial[1]) * 86_400_000);
    [y, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  } else if (cn || iso) {
    const m = (cn ?? iso)!;
    y = m[1] ? Number(m[1]) : null;
    [month, day] = [Number(m[2]), Number(m[3])];
  } else return bad(`无法识别日期“${cell}”：请写成“11月5日前”或 2027-11-05`);
  if (y !== null && y !== year) return bad(`日期“${cell}”不在 ${year} 年：本计划是 ${year} 年度的`);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2024, month, 0)).getUTCDate())
    return bad(`日期“${cell}”不存在`);
  return ok({ date: { month, day }, note });
}

/** 建库时间: `每年1月至12月`, `3-4月`, `3月-4月`, `全年`; empty means the whole year. */
export function parsePoolWindow(cell: string): Parsed<{ fromMonth: number; toMonth: number }> {
  const t = norm(cell).replace(/^每年/, '');
  if (!t || t === '全年') return ok({ fromMonth: 1, toMonth: 12 });
  const m = t.match(/^(\d{1,2})月?[-~至到—–]+(\d{1,2})月$/);
  const [from, to] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || from < 1 || to > 12 || from > to)
    return bad(`无法识别建库时间“${cell}”：请写成“1月至12月”或“3-4月”`);
  return ok({ fromMonth: from, toMonth: to });
}

/** 检查方式: `现场检查 书面检查`, `现场检查、网络检查`; each must be one of the three. */
export function parseMethods(cell: string): Parsed<(typeof INSPECTION_METHODS)[number][]> {
  const parts = cell
    .normalize('NFKC')
    .split(/[\s、,，;；/]+/)
    .filter(Boolean);
  if (parts.length === 0) return bad(`检查方式为空：可选 ${INSPECTION_METHODS.join('、')}`);
  const out: (typeof INSPECTION_METHODS)[number][] = [];
  for (const p of parts) {
    const method = INSPECTION_METHODS.find((m) => m === p || m === `${p}检查`);
    if (!method) return bad(`无法识别检查方式“${p}”：可选 ${INSPECTION_METHODS.join('、')}`);
    if (!out.includes(method)) out.push(method);
  }
  return ok(out);
}

/** 事项类别: 重点检查事项, 一般检查事项, or both combined. */
export function parseCategory(cell: string): Parsed<ItemCategory> {
  const t = norm(cell);
  if (/相结合|结合/.test(t) || (t.includes('一般') && t.includes('重点'))) return ok('combined');
  if (t.includes('重点')) return ok('key');
  if (t.includes('一般')) return ok('general');
  return bad(`无法识别事项类别“${cell}”：可选 重点检查事项、一般检查事项、一般检查事项和重点检查事项相结合`);
}

/**
 * 现场材料 (the item list's optional column): whether a report needs photos or files attached first.
 * Blank is 不要求 (the column may be left out altogether).
 */
export function parseEvidenceRequired(cell: string): Parsed<boolean> {
  const t = norm(cell);
  if (!t || /^(否|不要求|不需要|无需|不必|无|—|-|×|N|NO)$/i.test(t)) return ok(false);
  if (/^(是|要求|需要|必须|必传|须上传|需上传|应上传|√|✓|Y|YES)/i.test(t)) return ok(true);
  return bad(`无法识别现场材料要求“${cell}”：填“要求”（填报前须上传现场照片或文件）或“不要求”，留空为不要求`);
}

/** Words offices write for a role in the plan, most specific first (常务副组长 before 组长). */
const ROLE_WORDS: [RegExp, Role][] = [
  [/常务副组长|副组长/, 'group_deputy'],
  [/组长/, 'group_leader'],
  [/办公室/, 'office'],
  [/局领导|分管领导|责任领导/, 'leader'],
  [/单位负责人|负责人|一把手/, 'unit_head'],
  [/责任人/, 'responsible'],
  [/执法|检查人员/, 'inspector'],
];

/** 计划中的角色: `领导小组组长`, `责任局领导、单位负责人`; several separated by 、 or commas. */
export function parseRoles(cell: string): Parsed<Role[]> {
  const parts = norm(cell)
    .split(/[、,，;；/]+/)
    .filter(Boolean);
  if (parts.length === 0) return bad(`角色为空：可选 ${Object.values(ROLES).join('、')}`);
  const out: Role[] = [];
  for (const p of parts) {
    const role = ROLE_WORDS.find(([re]) => re.test(p))?.[1];
    if (!role) return bad(`无法识别角色“${p}”：可选 ${Object.values(ROLES).join('、')}`);
    if (!out.includes(role)) out.push(role);
  }
  return ok(out);
}

/** A month-day as plans write it: 11月5日. */
export const monthDayText = (d: MonthDay) => `${d.month}月${d.day}日`;

/**
 * A full calendar date, 2000–2099: `2027-11-05`, `2027/11/5`, `2027.11.5`, `2027年11月5日`, `20271105`,
 * or an Excel date (its day count).
 */
export function parseFullDate(cell: string): Parsed<string> {
  const t = norm(cell);
  const hint = `无法识别日期“${cell}”：请写成 2027-11-05`;
  let parts: RegExpMatchArray | null = t.match(/^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/);
  const serial = t.match(/^(\d{5})(?:\.0+)?$/);
  if (!parts && serial) {
    const d = new Date(Date.UTC(1899, 11, 30) + Number(serial[1]) * 86_400_000).toISOString();
    parts = d.slice(0, 10).match(/^(\d{4})-(\d{2})-(\d{2})$/);
  }
  parts ??= t.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!parts) return bad(hint);
  const [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())
    return bad(`日期“${cell}”不存在`);
  if (y < 2000 || y > 2099) return bad(`日期“${cell}”应在 2000 至 2099 年之间`);
  return ok(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}
