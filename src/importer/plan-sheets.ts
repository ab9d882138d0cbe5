import { monthDayText } from '../domain/plan-cells';
import { ITEM_CATEGORIES, ROLES, type PlanTemplate } from '../domain/plan-template';
import { DUTY_COLUMNS, ITEM_LIST_COLUMNS, PLAN_PEOPLE_COLUMNS, type ColumnSpec } from './columns';
import { HEADER_SCAN_ROWS, textOf } from './header';
import { PLAN_SHEETS, classify, type SheetRows } from './plan-sheet-kinds';

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
        i.evidenceRequired ? '要求' : '',
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
