import { ACTIONS } from './actions';
import { button, card, md } from './parts';

/** Cards the schedule sends on its own: draw prompts, reminders, overdue escalations. Pure. */

const SHOWN = 20;
const more = (n: number) =>
  n > SHOWN ? [md(`另有 ${n - SHOWN} 项未列出，发送 **/我的任务** 或 **/进度** 查看全部。`)] : [];

export interface DrawPromptView {
  itemCode: string;
  itemName: string;
  year: number;
  round: number;
  rounds: number;
  drawBy: string;
  deadline: string;
  /** Working days left to the draw-by date (negative: late). */
  workdaysLeft: number;
}

/** To the item's 责任人, ahead of the round's draw-by date: what is due and a button that starts it. */
export function drawPromptCard(v: DrawPromptView) {
  const roundText = v.rounds > 1 ? `第 ${v.round} 轮（共 ${v.rounds} 轮）` : '';
  const when =
    v.workdaysLeft > 0
      ? `还有 ${v.workdaysLeft} 个工作日`
      : v.workdaysLeft === 0
        ? '今天是抽取截止日'
        : `已超过抽取日期 ${-v.workdaysLeft} 个工作日`;
  return card({
    title: `请发起抽取：${v.itemName}`,
    template: v.workdaysLeft < 0 ? 'orange' : 'blue',
    elements: [
      md(
        `${v.year} 年度「${v.itemName}」${roundText}应于 **${v.drawBy}** 前完成随机抽取（${when}），检查于 **${v.deadline}** 前完成。`,
      ),
      button('发起抽取', { action: ACTIONS.drawStart, item: v.itemCode }, 'primary'),
    ],
  });
}

export interface ReminderView {
  name: string;
  tasks: { taskNo: string; itemName: string; targetName: string; deadline: string; workdaysLeft: number }[];
}

/** One digest a day per inspector: the tasks whose deadline is 7/3/1/0 working days away. */
export function reminderCard(v: ReminderView) {
  const left = (n: number) => (n === 0 ? '**今天到期**' : `还有 ${n} 个工作日`);
  return card({
    title: `检查任务到期提醒（${v.tasks.length}）`,
    template: v.tasks.some((t) => t.workdaysLeft === 0) ? 'orange' : 'wathet',
    elements: [
      md(`${v.name}，以下检查任务即将到期，请按时检查并填报结果：`),
      ...v.tasks
        .slice(0, SHOWN)
        .flatMap((t, i) => [
          md(
            `**${i + 1}. ${t.targetName}**（${t.itemName}）\n${t.taskNo}｜${t.deadline} 前，${left(t.workdaysLeft)}`,
          ),
          button('填报检查结果', { action: ACTIONS.reportOpen, taskNo: t.taskNo }),
        ]),
      ...more(v.tasks.length),
    ],
  });
}

export interface OverdueView {
  /** Late draws (one item), late inspections or late 公示 (lists of tasks). */
  kind: 'draw' | 'tasks' | 'publications' | 'objections';
  /** The escalation step (1, 2, …) and why this person gets it. */
  step: number;
  role: string;
  workdaysOverdue: number;
  items: { title: string; detail: string }[];
}

/** Overdue work, to one person at one step of the ladder: what is late and by how much. */
export function overdueCard(v: OverdueView) {
  return card({
    title:
      v.kind === 'draw'
        ? `抽取逾期督办（第 ${v.step} 级）：${v.items.map((x) => x.title).join('、')}`
        : v.kind === 'tasks'
          ? `检查任务逾期督办（第 ${v.step} 级）：${v.items.length} 项未按期完成`
          : v.kind === 'publications'
            ? `结果公示逾期督办（第 ${v.step} 级）：${v.items.length} 项未按期公示`
            : `异议处理逾期督办（第 ${v.step} 级）：${v.items.length} 项未按期决定`,
    template: 'red',
    elements: [
      md(
        `以下工作已超过期限 ${v.workdaysOverdue} 个工作日以上，按督办规定报送您（${v.role}）。请督促尽快完成；完成后不再提醒。`,
      ),
      ...v.items.slice(0, SHOWN).map((x, i) => md(`**${i + 1}. ${x.title}**\n${x.detail}`)),
      ...more(v.items.length),
    ],
  });
}
