import { monthDayText } from './plan-cells';
import { ROLES, type ItemTemplate, type PlanTemplate } from './plan-template';

/**
 * What a plan changes against the one in force, one Chinese line each, for the approval card and the
 * record: items added or dropped, and per item its ratio, frequency, dates and responsibilities.
 */
export function planChanges(before: PlanTemplate | null, after: PlanTemplate): string[] {
  if (!before) return [`首个年度计划：${after.items.length} 个抽查事项`];
  const out: string[] = [];
  const old = new Map(before.items.map((i) => [i.code, i]));
  const now = new Map(after.items.map((i) => [i.code, i]));
  for (const i of after.items) if (!old.has(i.code)) out.push(`新增事项：${i.name}`);
  for (const i of before.items) if (!now.has(i.code)) out.push(`删除事项：${i.name}`);
  for (const i of [...after.items].sort((a, b) => a.seq - b.seq)) {
    const was = old.get(i.code);
    if (!was) continue;
    const diffs = FIELDS.flatMap(([label, of]) =>
      of(was) === of(i) ? [] : [`${label} ${of(was)} → ${of(i)}`],
    );
    if (diffs.length) out.push(`${i.name}：${diffs.join('；')}`);
  }
  const roles = (t: PlanTemplate) =>
    new Map(
      t.people
        .filter((p) => p.roles.some((r) => r === 'group_leader' || r === 'group_deputy' || r === 'office'))
        .flatMap((p) => p.roles.map((r) => [r, p.name] as const)),
    );
  const [was, is] = [roles(before), roles(after)];
  for (const role of ['group_leader', 'group_deputy', 'office'] as const)
    if (was.get(role) !== is.get(role))
      out.push(`${ROLES[role]}：${was.get(role) ?? '无'} → ${is.get(role) ?? '无'}`);
  return out;
}

const FIELDS: [string, (i: ItemTemplate) => string][] = [
  ['名称', (i) => i.name],
  ['抽查比例', (i) => i.ratioText],
  ['抽查频次', (i) => i.frequencyText],
  ['抽取时间', (i) => monthDayText(i.section.drawBy)],
  ['完成时限', (i) => monthDayText(i.section.deadline)],
  ['责任局领导', (i) => i.section.leader],
  ['责任单位', (i) => i.section.unit],
  ['责任人', (i) => i.section.responsiblePerson],
  ['检查方式', (i) => i.methods.join('、')],
  ['现场材料', (i) => (i.evidenceRequired ? '要求' : '不要求')],
];
