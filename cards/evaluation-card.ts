import { describeFormula, type Evaluation, type UnitEvaluation } from '../src/domain/evaluation';
import { card, md } from './parts';

const COLUMNS: [keyof UnitEvaluation, string][] = [
  ['unitName', '责任单位'],
  ['score', '得分'],
  ['assigned', '派发'],
  ['due', '应完成'],
  ['completed', '完成'],
  ['onTime', '按期'],
  ['overdue', '逾期'],
  ['overdueWorkdays', '逾期工作日'],
  ['returned', '退回'],
  ['publicationsDue', '应公示'],
  ['publicationsOnTime', '按期公示'],
  ['drawsLate', '逾期抽取'],
  ['roundsMissed', '未抽取'],
  ['roundsWaived', '免于抽查'],
  ['objections', '异议'],
  ['corrected', '更正'],
];

/** `/考评 [年份]` and the December summary: per unit, the year's figures and score, a table and a bar chart. Pure. */
export function evaluationCard(v: Evaluation) {
  const title = `双随机考评：${v.year} 年`;
  const formula = md(`<font color='grey'>${describeFormula(v.config)}。数据截至 ${v.asOf}。</font>`);
  if (v.units.length === 0)
    return card({
      title,
      template: 'grey',
      elements: [md(`${v.year} 年还没有派发的检查任务或应公示的结果，暂无考评数据。`), formula],
    });
  const total = (k: keyof UnitEvaluation) => v.units.reduce((a, u) => a + (u[k] as number), 0);
  return card({
    title,
    template: 'blue',
    summary: `${title}（截至 ${v.asOf}）`,
    elements: [
      md(
        `共 **${v.units.length}** 个单位：派发 **${total('assigned')}** 项，应完成 ${total('due')} 项，` +
          `完成 **${total('completed')}** 项（按期 ${total('onTime')}），逾期 **${total('overdue')}** 项` +
          `（合计 ${total('overdueWorkdays')} 个工作日），退回 ${total('returned')} 次；` +
          `应公示 ${total('publicationsDue')} 项，按期公示 ${total('publicationsOnTime')} 项；` +
          `收到异议 ${total('objections')} 件，更正 ${total('corrected')} 件。`,
      ),
      {
        tag: 'table',
        page_size: 10,
        freeze_first_column: true,
        columns: COLUMNS.map(([name, display_name], i) => ({
          name,
          display_name,
          data_type: i === 0 ? 'text' : 'number',
          ...(i === 0 ? {} : { format: { precision: name === 'score' ? 1 : 0 } }),
        })),
        rows: v.units.map((u) => Object.fromEntries(COLUMNS.map(([k]) => [k, u[k]]))),
      },
      {
        tag: 'chart',
        aspect_ratio: '16:9',
        chart_spec: {
          type: 'bar',
          title: { text: '各单位考评得分' },
          data: { values: v.units.map((u) => ({ unit: u.unitName, score: u.score })) },
          xField: 'unit',
          yField: 'score',
          axes: [{ orient: 'left', min: 0, max: 100 }],
          label: { visible: true },
        },
      },
      formula,
    ],
  });
}
