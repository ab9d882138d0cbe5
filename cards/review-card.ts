import { ACTIONS } from './actions';
import { evidenceReviewList, type EvidenceView } from './evidence-cards';
import { button, card, hr, md, reasonForm, text } from './parts';
import { reportLines, type ReportSummary } from './task-card';

export interface ReviewCardView {
  taskNo: string;
  itemName: string;
  targetName: string;
  targetCreditCode: string;
  inspectors: string[];
  report: ReportSummary;
  status: 'pending' | 'accepted' | 'returned';
  review?: { by: string; at: string; comment: string };
  evidence?: EvidenceView[];
  evidenceRequired?: boolean;
}

/** The unit's review of a filed report: 通过, or 退回 with a required reason. Pure. */
export function reviewCard(v: ReviewCardView) {
  const pending = v.status === 'pending';
  return card({
    title: `${pending ? '待审核' : v.status === 'accepted' ? '已通过' : '已退回'}：${v.targetName}`,
    template: pending ? 'orange' : v.status === 'accepted' ? 'green' : 'grey',
    elements: [
      md(
        `**任务编号**：${v.taskNo}\u3000**事项**：${v.itemName}\n**检查对象**：${v.targetName}（${v.targetCreditCode}）\n**检查人员**：${v.inspectors.join('、')}`,
      ),
      hr(),
      ...reportLines(v.report),
      hr(),
      ...evidenceReviewList(v.taskNo, v.evidence ?? [], v.evidenceRequired ?? false),
      hr(),
      ...(pending
        ? [
            button('通过', { action: ACTIONS.reviewAccept, taskNo: v.taskNo }, 'primary'),
            reasonForm('return', '退回原因（必填）', '退回', {
              action: ACTIONS.reviewReturn,
              taskNo: v.taskNo,
            }),
          ]
        : [
            md(
              `${v.review?.by ?? ''} 于 ${v.review?.at ?? ''} ${v.status === 'accepted' ? '审核通过' : '退回'}。`,
            ),
            ...(v.status === 'returned' && v.review?.comment ? [text(v.review.comment)] : []),
          ]),
    ],
  });
}
