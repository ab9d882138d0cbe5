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
});
