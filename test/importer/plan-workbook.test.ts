import { join } from 'node:path';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { PROJECT_ROOT } from '../../src/config/paths';
import type { PlanTemplate } from '../../src/domain/plan-template';
import {
  parsePlanSheets,
  planFileHints,
  planProblemText,
  planSheets,
  sheetRowsOf,
  type PlanContext,
  type SheetRows,
} from '../../src/importer/plan-workbook';

const reference = readPlanTemplate();
const fresh: PlanContext = { year: 2023, bureau: null, items: [], people: [], units: [] };

const sheetsOf = (t: PlanTemplate | null, year = 2023) =>
  sheetRowsOf(planSheets(t, { year, contacts: true, bureau: '某县公安局' }));

/** The same plan whatever the order of people, roles and units. */
const canonical = (t: PlanTemplate) => ({
  ...t,
  bureau: { name: t.bureau.name },
  document: { ...t.document, number: '', title: '' }, // the 文号 comes with the approval, the title from the bureau and year
  units: [...t.units].sort((a, b) => a.name.localeCompare(b.name)),
  people: [...t.people]
    .map((p) => ({ ...p, roles: [...p.roles].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name)),
  items: [...t.items].sort((a, b) => a.seq - b.seq),
});

const problemsOf = (sheets: SheetRows[], ctx = fresh): string[] => {
  const r = parsePlanSheets(sheets, ctx);
  if (r.ok) throw new Error('expected problems, got a plan');
  return r.problems.map(planProblemText);
};

/** Edits one cell of a sheet (by header label and data row index, 0-based). */
function edit(sheets: SheetRows[], sheet: string, label: string, dataRow: number, text: string): SheetRows[] {
  return sheets.map((s) => {
    if (s.name !== sheet) return s;
    const col = s.rows[1]!.cells.findIndex((c) => 'text' in c && c.text === label);
    if (col < 0) throw new Error(`no column ${label}`);
    const rows = s.rows.map((r, i) =>
      i === dataRow + 2 ? { ...r, cells: r.cells.map((c, j) => (j === col ? { text } : c)) } : r,
    );
    return { ...s, rows };
  });
}

describe('plan workbook', () => {
  it('reads back what it exports: the reference plan round-trips', () => {
    const sheets = sheetsOf(reference);
    const parsed = parsePlanSheets(sheets, fresh);
    if (!parsed.ok) throw new Error(parsed.problems.map(planProblemText).join('\n'));
    expect(canonical(parsed.template)).toEqual(canonical(reference));
    expect(planFileHints(sheets)).toEqual({ year: 2023, docNumber: '偃公通〔2023〕40号' });
  });

  it('round-trips another county’s plan too (other items, a ratio range, other people)', () => {
    const other = readPlanTemplate(join(PROJECT_ROOT, 'data', 'plans', 'hechuan-2026.json'));
    const parsed = parsePlanSheets(sheetsOf(other, 2026), { ...fresh, year: 2026 });
    if (!parsed.ok) throw new Error(parsed.problems.map(planProblemText).join('\n'));
    expect(canonical(parsed.template)).toEqual(canonical(other));
  });

  it('recognises sheets by their headers, in any order and with any tab names, and skips sign-off rows', () => {
    const [items, duties, people] = sheetsOf(reference);
    const renamed = [
      { ...people!, name: 'Sheet3' },
      { ...duties!, name: '四、责任分工及工作职责' },
      {
        ...items!,
        name: '附件',
        rows: [
          ...items!.rows,
          { rowNumber: 99, cells: [{ text: '填表人：陶向东' }, { text: '日期：2023-03-01' }] },
        ],
      },
      { name: '说明', merges: [], rows: [{ rowNumber: 1, cells: [{ text: '本表用于…' }] }] },
    ];
    const parsed = parsePlanSheets(renamed, fresh);
    if (!parsed.ok) throw new Error(parsed.problems.map(planProblemText).join('\n'));
    expect(parsed.template.items).toHaveLength(6);
    expect(parsed.notes).toEqual(['工作表“说明”不是计划的表格，已忽略']);
  });

  it('takes people it does not list from the bureau, and keeps item codes for the same names', () => {
    const [items, duties] = sheetsOf(reference);
    const ctx: PlanContext = {
      year: 2023,
      bureau: null,
      items: [{ code: 'kept-code', name: '娱乐场所', aliases: ['歌厅'] }],
      people: reference.people.map((p) => ({
        name: p.name,
        unitName: p.unit,
        title: p.title,
        roles: p.roles,
      })),
      units: reference.units.map((u) => u.name),
    };
    const noCodes = edit([items!, duties!], '随机抽查事项清单', '事项代码', 3, '');
    const parsed = parsePlanSheets(noCodes, ctx);
    if (!parsed.ok) throw new Error(parsed.problems.map(planProblemText).join('\n'));
    const fun = parsed.template.items.find((i) => i.name === '娱乐场所')!;
    expect(fun.code).toBe('kept-code');
    expect(fun.aliases).toContain('歌厅');
    expect(parsed.template.people.find((p) => p.roles.includes('group_leader'))?.name).toBe('李良');
  });

  it('reads the optional 现场材料 column: 要求 marks the item, blank leaves it unmarked, anything else is refused', () => {
    const sheets = edit(sheetsOf(reference), '随机抽查事项清单', '现场材料', 1, '要求');
    const r = parsePlanSheets(sheets, fresh);
    if (!r.ok) throw new Error(r.problems.map(planProblemText).join('\n'));
    expect(r.template.items.filter((i) => i.evidenceRequired).map((i) => i.seq)).toEqual([2]);
    // Written back as it was read: 要求 in the second item's row, blank elsewhere.
    const list = sheetsOf(r.template).find((x) => x.name === '随机抽查事项清单')!;
    const col = list.rows[1]!.cells.findIndex((c) => 'text' in c && c.text === '现场材料');
    expect(list.rows.slice(2).map((row) => row.cells[col])).toEqual(
      r.template.items.map((i) => ({ text: i.seq === 2 ? '要求' : '' })),
    );
    expect(problemsOf(edit(sheetsOf(reference), '随机抽查事项清单', '现场材料', 0, '看情况'))).toEqual([
      expect.stringContaining('无法识别现场材料要求“看情况”'),
    ]);
  });

  it('refuses a sheet that lacks a required column, naming the column', () => {
    const sheets = sheetsOf(reference).map((s) =>
      s.name === '责任分工'
        ? { ...s, rows: s.rows.map((r) => ({ ...r, cells: r.cells.filter((_, i) => i !== 3) })) }
        : s,
    );
    const problems = problemsOf(sheets);
    expect(problems.join('\n')).toMatch(
      /找不到责任分工表（需要列：事项、责任局领导、责任单位、责任人、抽取时间、完成时限）/,
    );
    expect(problems.join('\n')).toMatch(/工作表“责任分工”：找不到表头.*缺少：责任人/);
  });

  it('refuses an unknown unit', () => {
    const problems = problemsOf(edit(sheetsOf(reference), '责任分工', '责任单位', 1, '禁du大队'));
    expect(problems).toContain(
      '工作表“责任分工”第 4 行 责任单位：责任单位“禁du大队”不在单位名单中（人员名单和已有的单位、执法人员名录库中都没有这个单位）',
    );
  });

  it('refuses a ratio it cannot read', () => {
    const problems = problemsOf(edit(sheetsOf(reference), '随机抽查事项清单', '抽查比例', 0, '五成'));
    expect(problems).toEqual([
      '工作表“随机抽查事项清单”第 3 行 抽查比例：无法识别抽查比例“五成”：请写成百分比，如 30% 或区间 10%-50%',
    ]);
  });

  it('says one thing of an unreadable cell: the reader’s reason, not also that it is empty', () => {
    const sheets = sheetsOf(reference).map((s) => {
      if (s.name !== '随机抽查事项清单') return s;
      const col = s.rows[1]!.cells.findIndex((c) => 'text' in c && c.text === '抽查比例');
      const rows = s.rows.map((r, i) =>
        i === 2
          ? {
              ...r,
              cells: r.cells.map((c, j) => (j === col ? { problem: '单元格是 Excel 错误值 #REF!' } : c)),
            }
          : r,
      );
      return { ...s, rows };
    });
    expect(problemsOf(sheets)).toEqual([
      '工作表“随机抽查事项清单”第 3 行 抽查比例：单元格是 Excel 错误值 #REF!',
    ]);
  });

  it('refuses a draw date after the deadline', () => {
    const problems = problemsOf(edit(sheetsOf(reference), '责任分工', '抽取时间', 0, '每年12月1日前'));
    expect(problems).toEqual([
      '工作表“责任分工”第 3 行 抽取时间：抽取时间（12月1日）晚于完成时限（11月30日）：应先抽取再检查',
    ]);
  });

  it('refuses a person in no unit', () => {
    const problems = problemsOf(edit(sheetsOf(reference), '责任分工', '责任人', 2, '王五'));
    expect(problems).toEqual([
      '工作表“责任分工”第 5 行 责任人：责任人“王五”不属于任何单位：请在“人员名单”表中列出其单位和手机号',
    ]);
  });

  it('refuses duplicate items, in the list and in the duties', () => {
    let sheets = edit(sheetsOf(reference), '随机抽查事项清单', '抽查事项名称', 5, '旅馆业');
    sheets = edit(sheets, '随机抽查事项清单', '事项代码', 5, 'hotels-2');
    const problems = problemsOf(sheets);
    expect(problems).toContain('工作表“随机抽查事项清单”第 8 行 抽查事项名称：抽查事项“旅馆业”与第 5 行重复');
    const dutyTwice = edit(sheetsOf(reference), '责任分工', '事项', 5, '旅馆业');
    expect(problemsOf(dutyTwice)).toEqual([
      '工作表“随机抽查事项清单”第 8 行 抽查事项名称：事项“废旧金属收购业”在责任分工表中没有对应的行',
      '工作表“责任分工”第 8 行 事项：事项“旅馆业”的责任分工与第 5 行重复',
    ]);
  });

  it('lists every problem of a file at once, by sheet and row', () => {
    let sheets = edit(sheetsOf(reference), '随机抽查事项清单', '抽查频次', 1, '经常');
    sheets = edit(sheets, '随机抽查事项清单', '检查方式', 2, '暗访');
    sheets = edit(sheets, '责任分工', '完成时限', 4, '2024-12-30');
    sheets = edit(sheets, '人员名单', '手机号', 0, '1380000');
    expect(problemsOf(sheets)).toEqual([
      '工作表“随机抽查事项清单”第 4 行 抽查频次：无法识别抽查频次“经常”：请写成“1年1次”“1年2次”或“每季度1次”',
      '工作表“随机抽查事项清单”第 5 行 检查方式：无法识别检查方式“暗访”：可选 现场检查、书面检查、网络检查',
      '工作表“责任分工”第 7 行 完成时限：日期“2024-12-30”不在 2023 年：本计划是 2023 年度的',
      '工作表“人员名单”第 3 行 手机号：手机号“1380000”应为 11 位数字',
    ]);
  });

  it('needs a 领导小组组长 and an office from somewhere', () => {
    const [items, duties, people] = sheetsOf(reference);
    const noLead = {
      ...people!,
      rows: people!.rows.filter((r) => !/组长|办公室/.test(JSON.stringify(r.cells))),
    };
    expect(problemsOf([items!, duties!, noLead])).toEqual([
      '人员名单：没有领导小组组长：请在“人员名单”表中列出，角色写“领导小组组长”',
      '人员名单：没有领导小组办公室：请在“人员名单”表中列出，角色写“领导小组办公室”',
    ]);
  });

  it('says what is missing from an empty template', () => {
    expect(problemsOf(sheetsOf(null))).toEqual(['随机抽查事项清单：表头下没有任何事项：请逐行填写抽查事项']);
    expect(problemsOf([])).toEqual([
      '随机抽查事项清单：找不到随机抽查事项清单表（需要列：序号、抽查事项名称、抽查依据、检查主体、事项类别、检查对象、抽查比例、抽查频次、检查方式）。工作簿中没有工作表',
      '责任分工：找不到责任分工表（需要列：事项、责任局领导、责任单位、责任人、抽取时间、完成时限）。工作簿中没有工作表',
    ]);
  });
});
