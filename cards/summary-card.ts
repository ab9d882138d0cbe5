import { headNotice, type PublishedHead } from '../src/domain/audit-chain';
import { card, md } from './parts';

export interface SummaryRow {
  itemName: string;
  unitName: string;
  dispatched: number;
  filed: number;
  onTime: number;
  overdue: number;
  problems: number;
  rectified: number;
}

export interface SummaryView {
  /** The month summarised, `YYYY-MM`, and the day the figures were taken. */
  month: string;
  asOf: string;
  rows: SummaryRow[];
  /**
   * The audit log's newest entry as the summary was made: stated on it so that, kept by its readers,
   * it can show later that the log was not cut short or rewritten (`verify-audit --head`).
   */
  auditHead?: PublishedHead | null;
}

const COLUMNS: [keyof SummaryRow, string][] = [
  ['itemName', '事项'],
  ['unitName', '责任单位'],
  ['dispatched', '派发'],
  ['filed', '完成'],
  ['onTime', '按期'],
  ['overdue', '逾期未完成'],
  ['problems', '发现问题'],
  ['rectified', '已整改'],
];

/** The monthly summary to the leadership: per item and unit, a table and a bar chart. Pure. */
export function summaryCard(v: SummaryView) {
  const [y, m] = v.month.split('-');
  const total = (k: keyof SummaryRow) => v.rows.reduce((a, r) => a + (r[k] as number), 0);
  return card({
    title: `双随机抽查月度汇总：${y} 年 ${Number(m)} 月`,
    template: total('overdue') > 0 ? 'orange' : 'blue',
    elements: [
      md(
        `本月派发 **${total('dispatched')}** 项，完成 **${total('filed')}** 项（按期 ${total('onTime')}），` +
          `逾期未完成 **${total('overdue')}** 项；发现问题 ${total('problems')} 项，已整改 ${total('rectified')} 项。` +
          `数据截至 ${v.asOf}。`,
      ),
      {
        tag: 'table',
        page_size: 10,
        columns: COLUMNS.map(([name, display_name], i) => ({
          name,
          display_name,
          data_type: i < 2 ? 'text' : 'number',
          ...(i < 2 ? {} : { format: { precision: 0 } }),
        })),
        rows: v.rows.map((r) => Object.fromEntries(COLUMNS.map(([k]) => [k, r[k]]))),
      },
      {
        tag: 'chart',
        aspect_ratio: '16:9',
        chart_spec: {
          type: 'bar',
          title: { text: '各事项完成情况' },
          data: {
            values: v.rows.flatMap((r) => [
              { item: r.itemName, kind: '完成', n: r.filed },
              { item: r.itemName, kind: '逾期未完成', n: r.overdue },
            ]),
          },
          xField: ['item', 'kind'],
          yField: 'n',
          seriesField: 'kind',
          legends: { visible: true },
        },
      },
      ...(v.auditHead ? [md(`<font color='grey'>${headNotice(v.auditHead)}</font>`)] : []),
    ],
  });
}
