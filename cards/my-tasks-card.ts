import { ACTIONS } from './actions';
import { button, card, md } from './parts';

export interface MyTasksView {
  name: string;
  tasks: {
    taskNo: string;
    itemName: string;
    targetName: string;
    deadline: string;
    status: 'open' | 'returned' | 'reported';
    /** Days until the deadline (negative: overdue). */
    daysLeft: number;
  }[];
}

const SHOWN = 20;
const due = (d: number) => (d < 0 ? `已逾期 ${-d} 天` : d === 0 ? '今天到期' : `还有 ${d} 天`);
const STATUS = { open: '待检查', returned: '被退回，待重新填报', reported: '已填报，待审核' } as const;

/** `/我的任务`: the caller's unfinished tasks, soonest deadline first, each open one with its report button. Pure. */
export function myTasksCard(v: MyTasksView) {
  if (v.tasks.length === 0)
    return card({
      title: '我的检查任务',
      template: 'green',
      elements: [md(`${v.name}，您目前没有未完成的检查任务。`)],
    });
  const shown = v.tasks.slice(0, SHOWN);
  return card({
    title: `我的检查任务（${v.tasks.length}）`,
    template: v.tasks.some((t) => t.daysLeft < 0) ? 'orange' : 'blue',
    elements: [
      ...shown.flatMap((t, i) => [
        md(
          `**${i + 1}. ${t.targetName}**（${t.itemName}）\n${t.taskNo}｜${t.deadline} 前，${due(t.daysLeft)}｜${STATUS[t.status]}`,
        ),
        ...(t.status === 'reported'
          ? []
          : [
              button(t.status === 'returned' ? '重新填报' : '填报检查结果', {
                action: ACTIONS.reportOpen,
                taskNo: t.taskNo,
              }),
            ]),
      ]),
      ...(v.tasks.length > SHOWN ? [md(`另有 ${v.tasks.length - SHOWN} 个任务未列出。`)] : []),
    ],
  });
}
