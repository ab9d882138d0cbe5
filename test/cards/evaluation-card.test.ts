import { evaluationCard } from '../../cards/evaluation-card';
import { validateCard } from '../../emulator/card-validator';
import {
  DEFAULT_EVALUATION,
  scoreUnit,
  type Evaluation,
  type UnitMetrics,
} from '../../src/domain/evaluation';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const metrics = (m: Partial<UnitMetrics>): UnitMetrics => ({
  assigned: 0,
  due: 0,
  completed: 0,
  onTime: 0,
  overdue: 0,
  overdueWorkdays: 0,
  returned: 0,
  publicationsDue: 0,
  publicationsOnTime: 0,
  drawsLate: 0,
  roundsMissed: 0,
  roundsWaived: 0,
  objections: 0,
  corrected: 0,
  ...m,
});
const view = (units: Evaluation['units']): Evaluation => ({
  year: 2026,
  asOf: '2026-11-26',
  config: DEFAULT_EVALUATION,
  units,
});

describe('the 考评 card', () => {
  const units = [
    scoreUnit(
      '禁毒大队',
      metrics({ assigned: 4, due: 3, completed: 3, onTime: 3, publicationsDue: 3, publicationsOnTime: 3 }),
    ),
    scoreUnit(
      '治安大队',
      metrics({
        assigned: 5,
        due: 4,
        completed: 2,
        onTime: 1,
        overdue: 2,
        overdueWorkdays: 7,
        returned: 3,
        publicationsDue: 4,
        publicationsOnTime: 2,
        drawsLate: 0,
        roundsMissed: 0,
        roundsWaived: 0,
      }),
    ),
  ];
  const variants = {
    year: evaluationCard(view(units)),
    empty: evaluationCard({ ...view([]), year: 2027 }),
    manyUnits: evaluationCard(
      view(
        Array.from({ length: 14 }, (_, i) =>
          scoreUnit(`第${i + 1}派出所`, metrics({ assigned: 2, due: 2, completed: 2 - (i % 3), onTime: 1 })),
        ),
      ),
    ),
  };

  it.each(Object.entries(variants))('%s is a valid card', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
    expect(card).toMatchSnapshot();
  });

  it('shows each unit’s figures in a table and its score in the chart, best first, with the formula', () => {
    const card = variants.year as any;
    expect(card.header.title.content).toBe('双随机考评：2026 年');
    const [summary, table, chart, formula] = card.body.elements;
    expect(summary.content).toBe(
      '共 **2** 个单位：派发 **9** 项，应完成 7 项，完成 **5** 项（按期 4），逾期 **2** 项（合计 7 个工作日），' +
        '退回 3 次；应公示 7 项，按期公示 5 项；收到异议 0 件，更正 0 件。',
    );
    expect(table.columns.map((c: any) => c.display_name)).toEqual([
      '责任单位',
      '得分',
      '派发',
      '应完成',
      '完成',
      '按期',
      '逾期',
      '逾期工作日',
      '退回',
      '应公示',
      '按期公示',
      '逾期抽取',
      '未抽取',
      '免于抽查',
      '异议',
      '更正',
    ]);
    // 禁毒大队: everything due done on time → 100; 治安大队: 20 + 7.5 + 15 − 6 − 3.5 = 33.
    expect(table.rows).toEqual([
      {
        unitName: '禁毒大队',
        score: 100,
        assigned: 4,
        due: 3,
        completed: 3,
        onTime: 3,
        overdue: 0,
        overdueWorkdays: 0,
        returned: 0,
        publicationsDue: 3,
        publicationsOnTime: 3,
        drawsLate: 0,
        roundsMissed: 0,
        roundsWaived: 0,
        objections: 0,
        corrected: 0,
      },
      {
        unitName: '治安大队',
        score: 33,
        assigned: 5,
        due: 4,
        completed: 2,
        onTime: 1,
        overdue: 2,
        overdueWorkdays: 7,
        returned: 3,
        publicationsDue: 4,
        publicationsOnTime: 2,
        drawsLate: 0,
        roundsMissed: 0,
        roundsWaived: 0,
        objections: 0,
        corrected: 0,
      },
    ]);
    expect(chart.chart_spec.data.values).toEqual([
      { unit: '禁毒大队', score: 100 },
      { unit: '治安大队', score: 33 },
    ]);
    expect(formula.content).toContain('得分 = 40×完成率 + 30×按期率 + 30×按期公示率');
    expect(formula.content).toContain('数据截至 2026-11-26');
  });

  it('says so when the year has nothing to evaluate', () => {
    const card = variants.empty as any;
    expect(card.body.elements.map((e: any) => e.tag)).toEqual(['markdown', 'markdown']);
    expect(card.body.elements[0].content).toBe('2027 年还没有派发的检查任务或应公示的结果，暂无考评数据。');
  });
});
