import { card, hr, md } from './parts';

/** Where one item of the year stands (src/services/progress.ts builds it). */
export interface ItemProgress {
  itemCode: string;
  itemName: string;
  unit: string;
  rounds: { round: number; drawBy: string; deadline: string; drawNo: string | null }[];
  tasks: number;
  accepted: number;
  reported: number;
  open: number;
  overdue: number;
}

export interface ProgressView {
  year: number;
  today: string;
  items: ItemProgress[];
}

const pct = (a: number, b: number) => (b === 0 ? '—' : `${Math.round((a * 100) / b)}%`);

/** `/进度 [事项]`: per item and unit, the rounds drawn and the tasks done, reported, open and overdue. Pure. */
export function progressCard(v: ProgressView) {
  const overdue = v.items.reduce((a, i) => a + i.overdue, 0);
  return card({
    title: `${v.year} 年抽查进度（截至 ${v.today}）`,
    template: overdue > 0 ? 'orange' : 'blue',
    elements: v.items.flatMap((i, n) => [
      ...(n > 0 ? [hr()] : []),
      md(
        [
          `**${i.itemName}**（${i.unit}）`,
          i.rounds
            .map(
              (r) =>
                `第 ${r.round} 轮：${r.drawNo ? `已派发 ${r.drawNo}` : `${r.drawBy} 前抽取，尚未派发`}，${r.deadline} 前完成`,
            )
            .join('\n'),
          i.tasks === 0
            ? '尚无检查任务'
            : `任务 ${i.tasks} 个：已完成 ${i.accepted}（${pct(i.accepted, i.tasks)}），待审核 ${i.reported}，未完成 ${i.open}${i.overdue ? `，**逾期 ${i.overdue}**` : ''}`,
        ].join('\n'),
      ),
    ]),
  });
}
