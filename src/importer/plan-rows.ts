import { createHash } from 'node:crypto';
import {
  monthDayText,
  parseCategory,
  parseEvidenceRequired,
  parseFrequency,
  parseMethods,
  parsePlanDate,
  parsePoolWindow,
  parseRatio,
} from '../domain/plan-cells';
import { type ItemTemplate, type PlanTemplate, type Role } from '../domain/plan-template';
import { fold } from '../domain/text';
import { DUTY_COLUMNS, ITEM_LIST_COLUMNS } from './columns';
import type { SheetPerson } from './plan-people';
import { splitList } from './row-problems';
import { PLAN_SHEETS, PlanContext, PlanProblem, Table, fileProblem, reader } from './plan-sheet-kinds';

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

export function readItems(table: Table, ctx: PlanContext, problems: PlanProblem[]): ListItem[] {
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
    const evidenceRequired = r.parsed('evidence', parseEvidenceRequired(r.read('evidence')));
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
        ...(evidenceRequired ? { evidenceRequired } : {}),
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

export function readDuties(
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
