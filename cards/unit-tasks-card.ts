import { card, md } from './parts';

export interface UnitTasksView {
  drawNo: string;
  itemName: string;
  unit: string;
  deadline: string;
  approvedBy: string;
  tasks: { taskNo: string; targetName: string; inspectors: string[] }[];
}

const SHOWN = 50;

/** The responsible unit's list of the draw's tasks (the first 50 in full; the count always). Pure. */
export function unitTasksCard(v: UnitTasksView) {
  const shown = v.tasks.slice(0, SHOWN);
  return card({
    title: `检查任务已派发：${v.itemName}`,
    template: 'green',
    elements: [
      md(
        `抽取 **${v.drawNo}** 已由 ${v.approvedBy} 批准，${v.unit}共 **${v.tasks.length}** 个检查任务，` +
          `须于 **${v.deadline}** 前完成。每位检查人员已收到自己的任务卡片。`,
      ),
      md(shown.map((t, i) => `${i + 1}. ${t.targetName} — ${t.inspectors.join('、')}`).join('\n')),
      ...(v.tasks.length > SHOWN
        ? [md(`另有 ${v.tasks.length - SHOWN} 个任务未列出，可发送 /进度 ${v.itemName} 查看。`)]
        : []),
    ],
  });
}
