import { ACTIONS } from './actions';
import { button, card, md } from './parts';

/** 一公开 in chat: the results a unit has to publish, with 公示 buttons. Pure. */

const SHOWN = 20;

export interface PendingPublicationView {
  taskNo: string;
  itemName: string;
  unitName: string;
  targetName: string;
  resultCategory?: string;
  dueBy: string;
  /** Working days left to the 公示 deadline (negative: late). */
  workdaysLeft: number;
}

const left = (n: number) =>
  n > 0 ? `还有 ${n} 个工作日` : n === 0 ? '**今天到期**' : `<font color='red'>已逾期 ${-n} 个工作日</font>`;

/**
 * The results waiting for 公示: `/公示` answers with it, and it is the reminder before the deadline.
 * Each result has its 公示 button; 全部公示 publishes the ones listed.
 */
export function pendingPublicationsCard(v: {
  title: string;
  intro: string;
  items: PendingPublicationView[];
  /** After publishing from the card: what was just published. */
  done?: string;
}) {
  const shown = v.items.slice(0, SHOWN);
  return card({
    title: v.title,
    template: v.items.some((i) => i.workdaysLeft < 0)
      ? 'red'
      : v.items.some((i) => i.workdaysLeft === 0)
        ? 'orange'
        : v.items.length
          ? 'wathet'
          : 'green',
    elements: [
      ...(v.done ? [md(`✅ ${v.done}`)] : []),
      md(v.items.length ? v.intro : '没有待公示的检查结果。'),
      ...shown.flatMap((t, i) => [
        md(
          `**${i + 1}. ${t.targetName}**（${t.itemName}）\n${t.taskNo}｜${t.unitName}` +
            `${t.resultCategory ? `｜${t.resultCategory}` : ''}｜应于 ${t.dueBy} 前公示，${left(t.workdaysLeft)}`,
        ),
        button('公示', { action: ACTIONS.publicationPublish, taskNo: t.taskNo }),
      ]),
      ...(v.items.length > SHOWN
        ? [md(`另有 ${v.items.length - SHOWN} 项未列出，公示以上各项后再发送 **/公示** 查看。`)]
        : []),
      ...(shown.length > 1
        ? [
            button(
              `全部公示（${shown.length} 项）`,
              { action: ACTIONS.publicationPublishAll, taskNos: shown.map((t) => t.taskNo) },
              'primary',
            ),
          ]
        : []),
    ],
  });
}
