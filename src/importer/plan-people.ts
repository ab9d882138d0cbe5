import { parseRoles } from '../domain/plan-cells';
import type { Role } from '../domain/plan-template';
import { PLAN_PEOPLE_COLUMNS } from './columns';
import { PlanProblem, Table, reader } from './plan-sheet-kinds';

/** A row of the plan's 人员 sheet, as read (its row number kept for later messages). */
export interface SheetPerson {
  row: number;
  name: string;
  unit: string;
  title: string;
  roles: Role[];
  mobile?: string;
  email?: string;
  openId?: string;
}

/** The 人员 sheet: each person once by name (a second row with the name is a problem), phone and mail checked. */
export function readPeople(table: Table, problems: PlanProblem[]): Map<string, SheetPerson> {
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
