import { ACTIONS } from './actions';
import { card, inputForm, md } from './parts';

/** A task whose inspector can no longer go, as the unit head's 改派 card shows it. */
export interface ReassignView {
  taskNo: string;
  itemName: string;
  targetName: string;
  deadline: string;
  replaced: string;
  /** Why, as published (执法证在检查截止日前到期 / 检查期间不在岗). */
  reason: string;
  /** The proposal's id; null: nobody can take the place. */
  id: string | null;
  candidates: string[];
  commitment: string | null;
  /** Once decided: who, by whom, with which phrase. */
  decided?: { picked: string; by: string; phrase: string };
}

/** Pure: the proposal with its phrase form, the decision, or why no one can be matched. */
export function reassignCard(v: ReassignView) {
  const head = `任务 **${v.taskNo}**（${v.itemName}｜${v.targetName}，${v.deadline} 前完成）的检查人员 **${v.replaced}** ${v.reason}，需要改派。`;
  if (!v.id)
    return card({
      title: `无法改派：${v.targetName}`,
      template: 'red',
      elements: [
        md(head),
        md(
          '本单位目前没有可改派的执法人员（须能检查本事项、执法证在期限内有效、期间在岗、与对象无回避关系）。' +
            '请更新执法检查人员名录后重新导入，系统会在下一个工作日再次检查。',
        ),
      ],
    });
  if (v.decided)
    return card({
      title: `已改派：${v.targetName}`,
      template: 'green',
      elements: [
        md(head),
        md(
          `已由 ${v.decided.by} 输入随机码“${v.decided.phrase}”改派为 **${v.decided.picked}**（从 ${v.candidates.length} 名候选人员中随机匹配）。` +
            '新的检查人员已收到任务卡片；改派记录与抽取结果一同公示，可复核。',
        ),
      ],
    });
  return card({
    title: `请改派检查人员：${v.targetName}`,
    template: 'orange',
    elements: [
      md(head),
      md(
        `候选人员 ${v.candidates.length} 人：${v.candidates.join('、')}。改派时请随手输入几个字作为**随机码**（4–40 字，每次不同），` +
          `它与系统已承诺的密钥共同决定由谁接替，您和系统都无法事先指定。承诺值：\`${v.commitment}\`（已公示）。`,
      ),
      inputForm({
        name: 'reassign',
        field: 'phrase',
        placeholder: '改派随机码（必填，4–40 字）',
        maxLength: 40,
        buttons: [{ text: '随机改派', value: { action: ACTIONS.taskReassign, id: v.id }, type: 'primary' }],
      }),
    ],
  });
}
