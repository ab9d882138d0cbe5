import { ACTIONS } from './actions';
import { evidenceSummary, type EvidenceView } from './evidence-cards';
import { button, buttonRow, card, hr, md, text } from './parts';

/** One inspection task as its inspectors see it. */
export interface TaskCardView {
  taskNo: string;
  drawNo: string;
  itemName: string;
  basis: string;
  methods: string[];
  targetName: string;
  targetCreditCode: string;
  targetAddress: string;
  deadline: string;
  unit: string;
  inspectors: string[];
  status: 'open' | 'reported' | 'returned' | 'accepted';
  /** The filed report, once there is one. */
  report?: ReportSummary;
  /** The unit's review: who, when, and (for a return) why. */
  review?: { by: string; at: string; comment: string };
  /** 现场材料 attached so far. */
  evidence?: EvidenceView[];
  /** The item requires 现场材料 before a report is filed. */
  evidenceRequired?: boolean;
}

export interface ReportSummary {
  inspectedOn: string;
  method: string;
  result: string;
  findings: string;
  followUp: string;
  rectification: string;
  by: string;
}

/** The filed report as read-only lines; user-typed text as plain text. */
export function reportLines(r: ReportSummary) {
  return [
    md(
      `**检查日期**：${r.inspectedOn}\u3000**检查方式**：${r.method}\n**检查结果**：${r.result}\u3000**后续处置**：${r.followUp}\n**填报人**：${r.by}`,
    ),
    ...(r.findings ? [md('**问题描述**：'), text(r.findings)] : []),
    ...(r.rectification ? [md('**整改情况**：'), text(r.rectification)] : []),
  ];
}

const STATE: Record<
  TaskCardView['status'],
  { title: string; template: 'blue' | 'wathet' | 'orange' | 'green' }
> = {
  open: { title: '检查任务', template: 'blue' },
  reported: { title: '检查任务 · 已填报', template: 'wathet' },
  returned: { title: '检查任务 · 被退回', template: 'orange' },
  accepted: { title: '检查任务 · 已通过审核', template: 'green' },
};

/** An inspector's task: where, what, by when, with whom; and while open, 填报检查结果. Pure. */
export function taskCard(v: TaskCardView) {
  const s = STATE[v.status];
  const canReport = v.status === 'open' || v.status === 'returned';
  return card({
    title: `${s.title}：${v.targetName}`,
    template: s.template,
    elements: [
      md(
        [
          `**任务编号**：${v.taskNo}（抽取 ${v.drawNo}）`,
          `**事项**：${v.itemName}`,
          `**检查对象**：${v.targetName}（${v.targetCreditCode}）`,
          `**地址**：${v.targetAddress || '名录中未填写'}`,
          `**检查方式**：${v.methods.join('、')}`,
          `**检查人员**：${v.inspectors.join('、')}（${v.unit}）`,
          `**完成时限**：${v.deadline} 前`,
          `**依据**：${v.basis}`,
        ].join('\n'),
      ),
      ...(v.report && v.status !== 'returned' ? [hr(), ...reportLines(v.report)] : []),
      ...(v.status === 'returned' && v.review
        ? [md(`**${v.review.by}** 于 ${v.review.at} 退回，原因：`), text(v.review.comment)]
        : []),
      ...(v.status === 'accepted' && v.review ? [md(`${v.review.by} 已于 ${v.review.at} 审核通过。`)] : []),
      ...evidenceSummary(v.evidence ?? []),
      ...(canReport && v.evidenceRequired && !v.evidence?.length
        ? [md('本事项要求上传现场材料（照片或检查记录表），上传后才能填报检查结果。')]
        : []),
      hr(),
      canReport
        ? buttonRow([
            button(
              v.status === 'returned' ? '重新填报' : '填报检查结果',
              { action: ACTIONS.reportOpen, taskNo: v.taskNo },
              'primary',
            ),
            button('上传现场材料', { action: ACTIONS.evidenceStart, taskNo: v.taskNo }),
          ])
        : md(v.status === 'reported' ? '检查结果已填报，等待单位审核。' : '本任务已完成。'),
    ],
  });
}
