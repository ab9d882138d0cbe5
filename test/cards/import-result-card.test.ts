import { importResultCard } from '../../cards/import-result-card';
import { validateCard } from '../../emulator/card-validator';
import type { ImportReport } from '../../src/services/import-pool';

const report: ImportReport = {
  kind: 'targets',
  file: 'x.xlsx',
  headerRow: 1,
  dataRows: 30,
  created: 2,
  updated: 1,
  unchanged: 27,
  problems: [],
  skippedRows: [],
  notes: [],
  ignoredColumns: ['备注'],
  written: true,
  seconds: { read: 0.1, write: 0.1 },
};

describe('import result card', () => {
  it('says what changed, or lists the problems (at most 20) and that nothing was written', () => {
    const ok = importResultCard({ fileName: '名录.xlsx', report });
    const problems = Array.from({ length: 23 }, (_, i) => ({
      row: i + 2,
      column: '信用等级',
      reason: '应为 A/B/C/D',
    }));
    const bad = importResultCard({ fileName: '名录.xlsx', report: { ...report, problems, written: false } });
    for (const c of [ok, bad]) expect(validateCard(c)).toEqual([]);
    expect([ok, bad]).toMatchSnapshot();
    expect(JSON.stringify(ok)).toContain('未使用的列：备注');
    expect(JSON.stringify(bad)).toContain('另有 3 处问题未列出');
    expect(JSON.stringify(bad)).not.toContain('第 24 行');
  });

  it('shows the notes: footer rows skipped, formulas read by their result', () => {
    const notes = [
      '已跳过表尾 3 行：第 32–34 行（填表人：张三、审核人：李四、日期：2026…）',
      '第 5 行 名称 为公式，已按其计算结果导入',
    ];
    const ok = importResultCard({
      fileName: '名录.xlsx',
      report: { ...report, skippedRows: [32, 33, 34], notes },
    });
    expect(validateCard(ok)).toEqual([]);
    expect(ok).toMatchSnapshot();
    for (const note of notes) expect(JSON.stringify(ok)).toContain(note);
  });
});
