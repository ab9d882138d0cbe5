import { FOLLOW_UPS, RESULT_CATEGORIES } from '../src/domain/report';
import { ACTIONS } from './actions';
import { card, md, selectField, submitButton, text } from './parts';

const input = (
  name: string,
  placeholder: string,
  maxLength: number,
  opts: { initial?: string; lines?: number } = {},
) => ({
  tag: 'input',
  name,
  required: true,
  ...(opts.lines ? { input_type: 'multiline_text', rows: opts.lines } : {}),
  max_length: maxLength,
  placeholder: { tag: 'plain_text', content: placeholder },
  ...(opts.initial ? { default_value: opts.initial } : {}),
});

/** The published result an objection is about. */
export interface ObjectedResult {
  taskNo: string;
  itemName: string;
  unitName: string;
  targetName: string;
  publishedOn: string;
  resultCategory: string;
  followUp: string;
  rectification: string;
}

const resultLines = (r: ObjectedResult) =>
  md(
    `**任务编号**：${r.taskNo}\u3000**事项**：${r.itemName}\u3000**单位**：${r.unitName}\n` +
      `**公示结果**（${r.publishedOn} 公示）：${r.resultCategory}｜后续处置：${r.followUp}｜整改情况：${r.rectification || '—'}`,
  );

/** `/异议 任务编号`: the office's form to record an objection. Pure. */
export function objectionFormCard(v: ObjectedResult & { today: string; deadline: string }) {
  return card({
    title: `登记异议：${v.targetName}`,
    template: 'blue',
    elements: [
      resultLines(v),
      md(
        `异议应在公示后规定的工作日内（**${v.deadline}** 前）收到。登记后公示页面即显示“有异议”，并由责任局领导决定维持或更正。`,
      ),
      {
        tag: 'form',
        name: 'objection',
        elements: [
          md('**提出异议的单位或个人**'),
          input('objector', '单位或个人名称', 100, { initial: v.targetName }),
          md('**收到日期**'),
          { tag: 'date_picker', name: 'receivedOn', required: true, initial_date: v.today },
          md('**异议内容**（不公开）'),
          input('content', '异议的事实和理由', 1000, { lines: 4 }),
          submitButton(
            'objection_submit',
            '登记异议',
            { action: ACTIONS.objectionRecord, taskNo: v.taskNo },
            'primary',
          ),
        ],
      },
    ],
  });
}

/** One objection as the 责任局领导 decides it, and as everyone sees it afterwards. Pure. */
export interface ObjectionView {
  /** A line above everything (a reminder of the deadline). */
  notice?: string;
  id: string;
  result: ObjectedResult;
  objector: string;
  receivedOn: string;
  content: string;
  status: 'open' | 'upheld' | 'corrected';
  decided?: {
    by: string;
    on: string;
    reason: string;
    correction: { resultCategory: string; followUp: string; rectification: string } | null;
  };
}

export function objectionCard(v: ObjectionView) {
  const head = [
    ...(v.notice ? [md(`**${v.notice}**`)] : []),
    resultLines(v.result),
    md(`**异议**：${v.objector}，${v.receivedOn} 收到`),
    text(v.content),
  ];
  if (v.status !== 'open' && v.decided) {
    const c = v.decided.correction;
    return card({
      title: `${v.status === 'corrected' ? '已更正' : '已维持'}：${v.result.targetName}`,
      template: v.status === 'corrected' ? 'orange' : 'green',
      elements: [
        ...head,
        md(
          `${v.decided.by} 于 ${v.decided.on} 决定${v.status === 'corrected' ? '**更正**' : '**维持原结果**'}。` +
            (c
              ? `更正后：${c.resultCategory}｜后续处置：${c.followUp}｜整改情况：${c.rectification || '—'}；原结果保留在公示页面，标明已更正。`
              : ''),
        ),
        md('**理由**'),
        text(v.decided.reason),
      ],
    });
  }
  return card({
    title: `异议待决定：${v.result.targetName}`,
    template: 'orange',
    elements: [
      ...head,
      md(
        '请决定：**维持原结果**，或**更正**检查结果（更正后公示新结果，原结果保留并标明已更正）。理由不公开，记入审计日志。',
      ),
      {
        tag: 'form',
        name: 'uphold',
        elements: [
          input('upholdReason', '维持的理由（必填，最多 500 字）', 500, { lines: 2 }),
          submitButton(
            'uphold_submit',
            '维持原结果',
            { action: ACTIONS.objectionUphold, id: v.id },
            'default',
          ),
        ],
      },
      {
        tag: 'form',
        name: 'correct',
        elements: [
          md('**更正后的检查结果**'),
          selectField('result', '选择检查结果', RESULT_CATEGORIES, v.result.resultCategory),
          md('**更正后的后续处置**'),
          selectField('followUp', '选择后续处置', FOLLOW_UPS, v.result.followUp),
          md('**更正后的整改情况**'),
          {
            ...input('rectification', '整改情况（可不填）', 1000, {
              lines: 2,
              initial: v.result.rectification,
            }),
            required: false,
          },
          input('correctReason', '更正的理由（必填，最多 500 字）', 500, { lines: 2 }),
          submitButton(
            'correct_submit',
            '更正结果',
            { action: ACTIONS.objectionCorrect, id: v.id },
            'danger',
          ),
        ],
      },
    ],
  });
}
