import { createHash } from 'node:crypto';
import {
  monthDayText,
  parseCategory,
  parseFrequency,
  parseMethods,
  parsePlanDate,
  parsePoolWindow,
  parseRatio,
  parseRoles,
  type Parsed,
} from '../domain/plan-cells';
import {
  ITEM_CATEGORIES,
  checkPlanTemplate,
  ROLES,
  type ItemTemplate,
  type PlanTemplate,
  type Role,
} from '../domain/plan-template';
import { fold } from '../domain/text';
import {
  DUTY_COLUMNS,
  ITEM_LIST_COLUMNS,
  matchHeader,
  PLAN_PEOPLE_COLUMNS,
  type ColumnSpec,
} from './columns';
import { isFooterRow } from './footer-row';
import { headerError, HEADER_SCAN_ROWS, isBlank, textOf } from './header';
import type { RawRow } from './read-table';
import { MAX_CELL_LENGTH, rowReader, splitList, type RowProblem } from './row-problems';

/** One worksheet as read: its tab name, rows and merged ranges. */
export interface SheetRows {
  name: string;
  rows: RawRow[];
  merges: string[];
}

/** What the bureau already has, for what a plan file may leave out (people's units, item codes). */
export interface PlanContext {
  year: number;
  /** The bureau's name when the item list has no 部门名称 column. */
  bureau: string | null;
  items: { code: string; name: string; aliases: string[] }[];
  people: { name: string; unitName: string; title: string; roles: string[] }[];
  /** Units the bureau has (its units and the officer pool's). */
  units: string[];
}

/** A problem in a plan file, addressed by sheet, row and column as the user sees them. */
export interface PlanProblem extends RowProblem {
  sheet: string;
}

export type PlanParse =
  { ok: true; template: PlanTemplate; notes: string[] } | { ok: false; problems: PlanProblem[] };

/** The template's 填写说明 sheet: read by people, skipped by the importer. */
export const GUIDE_SHEET = '填写说明';

export const PLAN_SHEETS = {
  items: { label: '随机抽查事项清单', specs: ITEM_LIST_COLUMNS },
  duties: { label: '责任分工', specs: DUTY_COLUMNS },
  people: { label: '人员名单', specs: PLAN_PEOPLE_COLUMNS },
} as const;
type SheetKind = keyof typeof PLAN_SHEETS;

interface Table {
  sheet: string;
  header: number;
  columns: Record<string, number>;
  rows: RawRow[];
}

/**
 * A year's plan from the office's spreadsheet: 随机抽查事项清单 and 责任分工 (and optionally 人员名单),
 * recognised by their headers in any order and tab name. Every problem is listed by sheet, row and
 * column; a plan comes back only when there are none.
 */
export function parsePlanSheets(sheets: SheetRows[], ctx: PlanContext): PlanParse {
  const problems: PlanProblem[] = [];
  const notes: string[] = [];
  const tables: Partial<Record<SheetKind, Table>> = {};
  const unknown: SheetRows[] = [];
  for (const sheet of sheets) {
    if (sheet.rows.every(isBlank) || sheet.name === GUIDE_SHEET) continue;
    const found = classify(sheet);
    if (!found) {
      unknown.push(sheet);
      continue;
    }
    const [kind, table] = found;
    const other = tables[kind];
    if (other)
      problems.push(
        fileProblem(sheet.name, `与工作表“${other.sheet}”都是${PLAN_SHEETS[kind].label}，请只保留一个`),
      );
    else tables[kind] = table;
    const dataMerges = sheet.merges.filter((ref) => Number(ref.match(/\d+/)?.[0] ?? 0) > table.header);
    if (dataMerges.length > 0)
      problems.push(
        fileProblem(
          sheet.name,
          `数据区有合并单元格（${dataMerges.slice(0, 5).join('、')}）：请取消合并、填满每一行后再导入`,
        ),
      );
  }
  for (const kind of ['items', 'duties'] as const) {
    if (tables[kind]) continue;
    const { label, specs } = PLAN_SHEETS[kind];
    const candidates = unknown.length ? unknown : sheets;
    const why = candidates.length
      ? candidates.map((s) => `工作表“${s.name}”：${headerError(scanRows(s), specs).message}`).join('；')
      : '工作簿中没有工作表';
    problems.push(fileProblem(label, `找不到${label}表（需要列：${requiredLabels(specs)}）。${why}`));
  }
  for (const s of unknown)
    if (tables.items && tables.duties) notes.push(`工作表“${s.name}”不是计划的表格，已忽略`);
  if (!tables.items || !tables.duties) return { ok: false, problems };

  if (tables.items.rows.length === 0)
    return {
      ok: false,
      problems: [fileProblem(tables.items.sheet, '表头下没有任何事项：请逐行填写抽查事项')],
    };

  const people = tables.people ? readPeople(tables.people, problems) : new Map<string, SheetPerson>();
  const items = readItems(tables.items, ctx, problems);
  const template = readDuties(tables.duties, items, people, ctx, problems);
  const order = [tables.items.sheet, PLAN_SHEETS.items.label, tables.duties.sheet, PLAN_SHEETS.duties.label];
  if (problems.length > 0 || !template) return { ok: false, problems: sortProblems(problems, order) };
  // The domain schema is the last word (the JSON form passes through it too).
  const checked = checkPlanTemplate(template);
  if (!checked.ok) return { ok: false, problems: checked.problems.map((p) => fileProblem('计划', p)) };
  return { ok: true, template: checked.plan, notes };
}

const requiredLabels = (specs: readonly ColumnSpec<string>[]) =>
  specs
    .filter((s) => s.required)
    .map((s) => s.label)
    .join('、');

const fileProblem = (sheet: string, reason: string): PlanProblem => ({ sheet, row: 0, column: '', reason });

const scanRows = (sheet: SheetRows) => sheet.rows.filter((r) => !isBlank(r)).slice(0, HEADER_SCAN_ROWS);

/** The sheet's kind and table: the first of its top rows that is a complete header of a kind. */
function classify(sheet: SheetRows): [SheetKind, Table] | null {
  const top = scanRows(sheet);
  for (const row of top) {
    for (const kind of Object.keys(PLAN_SHEETS) as SheetKind[]) {
      const m = matchHeader(row.cells.map(textOf), PLAN_SHEETS[kind].specs as ColumnSpec<string>[]);
      if (m.missing.length > 0) continue;
      const data = sheet.rows.filter((r) => r.rowNumber > row.rowNumber && !isBlank(r));
      // Sign-off rows (填表人：…) after the last data row are not data.
      while (data.length > 0 && isFooterRow(data[data.length - 1]!.cells)) data.pop();
      return [
        kind,
        {
          sheet: sheet.name,
          header: row.rowNumber,
          columns: m.columns as Record<string, number>,
          rows: data,
        },
      ];
    }
  }
  return null;
}

const labelsOf = <F extends string>(specs: readonly ColumnSpec<F>[]) =>
  Object.fromEntries(specs.map((s) => [s.field, s.label])) as Record<F, string>;

/** Reads a row's cells by field, with every problem addressed to the sheet; over-long cells refused. */
function reader<F extends string>(
  table: Table,
  row: RawRow,
  specs: readonly ColumnSpec<F>[],
  out: PlanProblem[],
) {
  const found: RowProblem[] = [];
  const label = labelsOf(specs);
  const columns = table.columns as Partial<Record<F, number>>;
  const read = rowReader<F>(row.rowNumber, row.cells, columns, label, found, undefined, true);
  /** A field's problem; an unreadable cell was reported by the reader, and nothing more is said of it. */
  const problem = (field: F, reason: string) => {
    if (!read.failed(field)) found.push({ row: row.rowNumber, column: label[field], reason });
  };
  /** The cell's text within `max` characters ('' when over, or when required and empty: both reported). */
  const sized = (field: F, max: number, required: boolean): string => {
    const v = read(field);
    if (required && !v) problem(field, `${label[field]}为空`);
    if (v.length <= max) return v;
    problem(field, `${label[field]}超过 ${max} 个字`);
    return '';
  };
  return {
    read,
    need: (field: F, max = MAX_CELL_LENGTH) => sized(field, max, true),
    optional: (field: F, max = MAX_CELL_LENGTH) => sized(field, max, false),
    parsed: <T>(field: F, result: Parsed<T>): T | null => {
      if (result.ok) return result.value;
      problem(field, result.reason);
      return null;
    },
    problem,
    /** Hands the row's problems to the sheet's list; true when there were any. */
    flush: () => {
      const had = found.length > 0;
      out.push(...found.splice(0).map((p) => ({ ...p, sheet: table.sheet })));
      return had;
    },
  };
}

interface SheetPerson {
  row: number;
  name: string;
  unit: string;
  title: string;
  roles: Role[];
  mobile?: string;
  email?: string;
  openId?: string;
}

function readPeople(table: Table, problems: PlanProblem[]): Map<string, SheetPerson> {
  const people = new Map<string, SheetPerson>();
  for (const row of table.rows) {
    const r = reader(table, row, PLAN_PEOPLE_COLUMNS, problems);
    const name = r.need('name', 30);
    const unit = r.need('unit', 60);
    const roles = r.parsed('roles', parseRoles(r.read('roles')));
    const mobile = r
      .optional('mobile')
      .replace(/^\+?86[- ]?/, '')
      .replace(/[- ]/g, '');
    const email = r.optional('email', 120);
    const openId = r.optional('openId', 70);
    if (mobile && !/^1\d{10}$/.test(mobile)) r.problem('mobile', `手机号“${mobile}”应为 11 位数字`);
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) r.problem('email', `邮箱“${email}”格式不对`);
    if (openId && !/^ou_[0-9a-zA-Z_-]{6,64}$/.test(openId))
      r.problem('openId', `飞书 open_id“${openId}”应以 ou_ 开头`);
    const before = people.get(name);
    if (name && before)
      r.problem('name', `${name} 与第 ${before.row} 行重名：同名的两人请在姓名后注明以区分`);
    r.flush();
    if (name && unit && roles && !before)
      people.set(name, {
        row: row.rowNumber,
        name,
        unit,
        title: r.read('title'),
        roles,
        ...(mobile && { mobile }),
        ...(email && { email }),
        ...(openId && { openId }),
      });
  }
  return people;
}

interface ListItem {
  /** False when the row has problems: it names an item, but no plan is built from it. */
  valid: boolean;
  row: number;
  department: string;
  item: Omit<ItemTemplate, 'section'>;
}

/** Item codes are stable across years: the file's own, the bureau's for the same name, else from the name. */
const codeFor = (name: string, given: string, ctx: PlanContext): string =>
  given ||
  ctx.items.find((i) => fold(i.name) === fold(name))?.code ||
  `item-${createHash('sha256').update(fold(name)).digest('hex').slice(0, 8)}`;

function readItems(table: Table, ctx: PlanContext, problems: PlanProblem[]): ListItem[] {
  const out: ListItem[] = [];
  const bySeq = new Map<number, number>();
  const byName = new Map<string, number>();
  for (const row of table.rows) {
    const r = reader(table, row, ITEM_LIST_COLUMNS, problems);
    const seqText = r.need('seq', 4);
    const seq = /^\d+$/.test(seqText) ? Number(seqText) : null;
    if (seqText && (seq === null || seq < 1)) r.problem('seq', `序号“${seqText}”应为正整数`);
    const name = r.need('name', 60);
    const ratio = r.parsed('ratio', parseRatio(r.read('ratio')));
    const frequency = r.parsed('frequency', parseFrequency(r.read('frequency')));
    const methods = r.parsed('methods', parseMethods(r.read('methods')));
    const category = r.parsed('category', parseCategory(r.read('category')));
    const code = r.optional('code', 40);
    if (code && !/^[a-z][a-z0-9-]*$/.test(code))
      r.problem('code', `事项代码“${code}”只能含小写字母、数字和连字符`);
    const fields = {
      basis: r.need('basis', 500),
      inspectingBody: r.need('inspectingBody', 60),
      targetType: r.need('targetType', 60),
    };
    if (seq !== null && bySeq.has(seq)) r.problem('seq', `序号 ${seq} 与第 ${bySeq.get(seq)} 行重复`);
    if (name && byName.has(fold(name)))
      r.problem('name', `抽查事项“${name}”与第 ${byName.get(fold(name))} 行重复`);
    if (seq !== null) bySeq.set(seq, bySeq.get(seq) ?? row.rowNumber);
    if (name) byName.set(fold(name), byName.get(fold(name)) ?? row.rowNumber);
    const valid = !r.flush();
    if (seq === null || !name) continue;
    out.push({
      valid: valid && !!ratio && !!frequency && !!methods && !!category,
      row: row.rowNumber,
      department: r.read('department'),
      item: {
        code: codeFor(name, code, ctx),
        seq,
        department: '',
        name,
        ...fields,
        category: category ?? 'general',
        ratio: ratio?.ratio ?? { kind: 'fixed', percent: 100 },
        ratioText: ratio?.text ?? '',
        frequencyPerYear: frequency ?? 1,
        frequencyText: r.read('frequency'),
        methods: methods ?? [],
        remark: r.read('remark'),
        aliases: [
          ...new Set([
            ...splitList(r.read('aliases')),
            ...(ctx.items.find((i) => fold(i.name) === fold(name))?.aliases ?? []),
          ]),
        ],
      },
    });
  }
  return out;
}

function readDuties(
  table: Table,
  list: ListItem[],
  sheetPeople: Map<string, SheetPerson>,
  ctx: PlanContext,
  problems: PlanProblem[],
): PlanTemplate | null {
  const units = new Set([...ctx.units, ...[...sheetPeople.values()].map((p) => p.unit)]);
  const people = new Map<string, PlanTemplate['people'][number]>();
  for (const p of sheetPeople.values())
    people.set(p.name, {
      name: p.name,
      title: p.title,
      unit: p.unit,
      roles: p.roles,
      ...(p.mobile && { mobile: p.mobile }),
      ...(p.email && { email: p.email }),
      ...(p.openId && { openId: p.openId }),
    });
  /** The person as the sheet or the bureau knows them, with `role` added; null when unknown. */
  const person = (name: string, role: Role, unit?: string) => {
    let p = people.get(name);
    if (!p) {
      const known = ctx.people.filter((k) => k.name === name);
      const one = known.find((k) => k.unitName === unit) ?? (known.length === 1 ? known[0] : undefined);
      if (!one) return null;
      p = { name, title: one.title, unit: one.unitName, roles: [...new Set(one.roles)] as Role[] };
      people.set(name, p);
    }
    if (!p.roles.includes(role)) p.roles.push(role);
    return p;
  };
  // The 领导小组 carries over from the bureau's data for each role the sheet does not name anew.
  const lead: Role[] = ['group_leader', 'group_deputy', 'office'];
  const named = (role: Role) => [...sheetPeople.values()].some((p) => p.roles.includes(role));
  for (const p of ctx.people)
    for (const role of lead) if (p.roles.includes(role) && !named(role)) person(p.name, role, p.unitName);

  const byName = new Map(list.map((l) => [fold(l.item.name), l]));
  const bySeq = new Map(list.map((l) => [l.item.seq, l]));
  const dutyRow = new Map<string, number>();
  const sections = new Map<string, ItemTemplate['section']>();
  for (const row of table.rows) {
    const r = reader(table, row, DUTY_COLUMNS, problems);
    const itemCell = r.need('item', 300);
    const targets: ListItem[] = [];
    for (const part of splitList(itemCell)) {
      const seq = part.match(/^(?:序号)?(\d+)$/)?.[1];
      const hit = seq ? bySeq.get(Number(seq)) : byName.get(fold(part));
      if (hit) targets.push(hit);
      else r.problem('item', `事项“${part}”不在随机抽查事项清单中（按事项名称或序号对应）`);
    }
    const leaderName = r.need('leader', 30);
    const unit = r.need('unit', 60);
    const responsibleName = r.need('responsible', 30);
    const drawBy = r.parsed('drawBy', parsePlanDate(r.read('drawBy'), ctx.year));
    const deadline = r.parsed('deadline', parsePlanDate(r.read('deadline'), ctx.year));
    const window = r.parsed('poolWindow', parsePoolWindow(r.read('poolWindow')));
    if (
      drawBy &&
      deadline &&
      drawBy.date.month * 100 + drawBy.date.day > deadline.date.month * 100 + deadline.date.day
    )
      r.problem(
        'drawBy',
        `抽取时间（${monthDayText(drawBy.date)}）晚于完成时限（${monthDayText(deadline.date)}）：应先抽取再检查`,
      );
    const unitKnown = !unit || units.has(unit);
    if (!unitKnown)
      r.problem(
        'unit',
        `责任单位“${unit}”不在单位名单中（人员名单和已有的单位、执法人员名录库中都没有这个单位）`,
      );
    const leader = leaderName ? person(leaderName, 'leader') : null;
    if (leaderName && !leader)
      r.problem(
        'leader',
        `责任局领导“${leaderName}”不属于任何单位：请在“人员名单”表中列出其单位、职务和手机号`,
      );
    const responsible = responsibleName ? person(responsibleName, 'responsible', unit) : null;
    if (responsibleName && !responsible)
      r.problem(
        'responsible',
        `责任人“${responsibleName}”不属于任何单位：请在“人员名单”表中列出其单位和手机号`,
      );
    else if (responsible && unit && unitKnown && responsible.unit !== unit)
      r.problem(
        'responsible',
        `责任人“${responsibleName}”属于${responsible.unit}，与责任单位“${unit}”不一致`,
      );
    for (const t of targets) {
      const before = dutyRow.get(t.item.code);
      if (before !== undefined) r.problem('item', `事项“${t.item.name}”的责任分工与第 ${before} 行重复`);
      else dutyRow.set(t.item.code, row.rowNumber);
    }
    r.flush();
    if (!drawBy || !deadline || !window || !leader || !responsible || !unit) continue;
    for (const t of targets)
      sections.set(t.item.code, {
        heading: r.read('heading') || t.item.name,
        scope: r.read('scope'),
        poolName: r.read('poolName') || `${t.item.targetType}检查对象库`,
        poolWindow: window,
        poolMethod: r.read('poolMethod'),
        ratioText: r.read('ratio') || t.item.ratioText,
        drawBy: drawBy.date,
        deadline: deadline.date,
        deadlineNote: deadline.note,
        leader: leaderName,
        unit,
        responsiblePerson: responsibleName,
      });
  }
  for (const l of list)
    if (!dutyRow.has(l.item.code))
      problems.push({
        sheet: PLAN_SHEETS.items.label,
        row: l.row,
        column: '抽查事项名称',
        reason: `事项“${l.item.name}”在责任分工表中没有对应的行`,
      });
  const all = [...people.values()];
  for (const [role, label] of [
    ['group_leader', '领导小组组长'],
    ['office', '领导小组办公室'],
  ] as const)
    if (!all.some((p) => p.roles.includes(role)))
      problems.push(
        fileProblem(PLAN_SHEETS.people.label, `没有${label}：请在“人员名单”表中列出，角色写“${label}”`),
      );

  const departments = [...new Set(list.map((l) => l.department).filter(Boolean))];
  if (departments.length > 1)
    problems.push(
      fileProblem(
        PLAN_SHEETS.items.label,
        `部门名称不一致（${departments.join('、')}）：一份计划只属于一个单位`,
      ),
    );
  const bureau = departments[0] ?? ctx.bureau;
  if (!bureau)
    problems.push(fileProblem(PLAN_SHEETS.items.label, '缺少部门名称：请在事项清单中填写“部门名称”列'));
  if (problems.length > 0 || !bureau) return null;

  const unitNames = new Set([...all.map((p) => p.unit), ...[...sections.values()].map((s) => s.unit)]);
  return {
    bureau: { name: bureau },
    document: { number: '', title: `${bureau}${ctx.year}年“双随机、一公开”实施方案`, year: ctx.year },
    units: [...unitNames].map((name) => ({ name, kind: unitKind(name, all) })),
    people: all,
    items: list.map((l) => ({ ...l.item, department: bureau, section: sections.get(l.item.code)! })),
  };
}

/** Leadership where only leaders sit, the office's unit, 派出所 as stations, other units as brigades. */
function unitKind(name: string, people: PlanTemplate['people']): PlanTemplate['units'][number]['kind'] {
  const members = people.filter((p) => p.unit === name);
  if (members.some((p) => p.roles.includes('office'))) return 'office';
  if (
    members.length > 0 &&
    members.every((p) => p.roles.every((r) => r === 'group_leader' || r === 'group_deputy' || r === 'leader'))
  )
    return 'leadership';
  return /派出所$/.test(name) ? 'station' : 'brigade';
}

/** Problems by sheet (the item list, the duties, then the rest as they came), then by row. */
function sortProblems(ps: PlanProblem[], first: string[]): PlanProblem[] {
  const order = [...new Set([...first, ...ps.map((p) => p.sheet)])];
  return [...ps].sort((a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet) || a.row - b.row);
}

/** `工作表“责任分工”第 4 行 抽取时间：…`; a whole-sheet problem without row and column. */
export const planProblemText = (p: PlanProblem): string =>
  p.row ? `工作表“${p.sheet}”第 ${p.row} 行 ${p.column}：${p.reason}` : `${p.sheet}：${p.reason}`;

/** A plan sheet as exports write it: tab name, a title above the header, the header and the rows. */
export interface PlanSheet {
  name: string;
  title: string;
  header: string[];
  rows: (string | number)[][];
}

const headerOf = (specs: readonly ColumnSpec<string>[]) => specs.map((s) => s.label);

/**
 * The plan as the three sheets `parsePlanSheets` reads back (export → import gives the same plan);
 * with no plan, the empty template. Contacts are left out unless asked for: the file goes to chats.
 */
export function planSheets(
  template: PlanTemplate | null,
  opts: { contacts?: boolean; bureau?: string; year: number },
): PlanSheet[] {
  const bureau = template?.bureau.name ?? opts.bureau ?? '';
  const number = template?.document.number ? `（${template.document.number}）` : '';
  const items = [...(template?.items ?? [])].sort((a, b) => a.seq - b.seq);
  const everyYear = (md: { month: number; day: number }, note = '') =>
    `每年${monthDayText(md)}前${note ? `（${note}）` : ''}`;
  const peopleSpecs = PLAN_PEOPLE_COLUMNS.filter(
    (s) => opts.contacts || !['mobile', 'email', 'openId'].includes(s.field),
  );
  return [
    {
      name: PLAN_SHEETS.items.label,
      title: `${bureau}${opts.year}年“双随机、一公开”随机抽查事项清单${number}`,
      header: headerOf(ITEM_LIST_COLUMNS),
      rows: items.map((i) => [
        i.seq,
        i.department,
        i.name,
        i.basis,
        i.inspectingBody,
        ITEM_CATEGORIES[i.category],
        i.targetType,
        i.ratioText,
        i.frequencyText,
        i.methods.join('、'),
        i.remark,
        i.aliases.join('、'),
        i.code,
      ]),
    },
    {
      name: PLAN_SHEETS.duties.label,
      title: `${opts.year}年责任分工${number}`,
      header: headerOf(DUTY_COLUMNS),
      rows: items.map(({ name, section: s }) => [
        name,
        s.leader,
        s.unit,
        s.responsiblePerson,
        `每年${s.poolWindow.fromMonth}月至${s.poolWindow.toMonth}月`,
        everyYear(s.drawBy),
        everyYear(s.deadline, s.deadlineNote),
        s.heading,
        s.scope,
        s.poolName,
        s.poolMethod,
        s.ratioText,
      ]),
    },
    {
      name: PLAN_SHEETS.people.label,
      title: `${opts.year}年计划人员名单（领导小组、责任局领导、责任人）`,
      header: headerOf(peopleSpecs),
      rows: (template?.people ?? []).map((p) => {
        const cells: Record<string, string> = {
          name: p.name,
          unit: p.unit,
          title: p.title,
          roles: p.roles.map((r) => ROLES[r]).join('、'),
          mobile: p.mobile ?? '',
          email: p.email ?? '',
          openId: p.openId ?? '',
        };
        return peopleSpecs.map((s) => cells[s.field]!);
      }),
    },
  ];
}

/** The plan year a file's titles name (`2027年…`), and its 文号 (`偃公通〔2027〕3号`), if they do. */
export function planFileHints(sheets: SheetRows[]): { year: number | null; docNumber: string | null } {
  let year: number | null = null;
  let docNumber: string | null = null;
  for (const sheet of sheets) {
    const found = classify(sheet);
    const above = sheet.rows.filter((r) => !found || r.rowNumber < found[1].header);
    for (const row of above.slice(0, HEADER_SCAN_ROWS)) {
      const text = row.cells.map(textOf).join(' ').normalize('NFKC');
      year ??= Number(text.match(/(20\d\d)\s*年/)?.[1]) || null;
      docNumber ??= text.match(/[\u4e00-\u9fa5]{1,12}[〔[(（]20\d\d[〕\])）]\s*\d{1,4}\s*号/)?.[0] ?? null;
    }
  }
  return { year, docNumber };
}

/** Exported sheets as the reader would give them back (title in row 1, header in row 2): to re-check a plan. */
export const sheetRowsOf = (sheets: PlanSheet[]): SheetRows[] =>
  sheets.map((s) => ({
    name: s.name,
    merges: [],
    rows: [[s.title], s.header, ...s.rows].map((cells, i) => ({
      rowNumber: i + 1,
      cells: cells.map((c) => ({ text: String(c) })),
    })),
  }));
