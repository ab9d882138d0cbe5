import { FOLLOW_UPS, RESULT_CATEGORIES } from '../src/domain/report';
import { ACTIONS } from './actions';
import { card, md, selectField, submitButton } from './parts';

export interface ReportFormView {
  taskNo: string;
  targetName: string;
  itemName: string;
  methods: string[];
  /** Today (Beijing), the date picker's start. */
  today: string;
  /** The report that was returned, to file again from (重新填报): the form starts from its values. */
  previous?: {
    inspectedOn: string;
    method: string;
    resultCategory: string;
    findings: string;
    followUp: string;
    rectification: string;
  };
}

const input = (name: string, placeholder: string, initial?: string) => ({
  tag: 'input',
  name,
  required: false,
  input_type: 'multiline_text',
  rows: 3,
  max_length: 1000,
  placeholder: { tag: 'plain_text', content: placeholder },
  ...(initial ? { default_value: initial } : {}),
});

/** The completion report form of one task; the server checks everything again on submit. Pure. */
export function reportFormCard(v: ReportFormView) {
  const p = v.previous;
  return card({
    title: `填报检查结果：${v.targetName}`,
    template: 'blue',
    elements: [
      md(`**任务编号**：${v.taskNo}\u3000**事项**：${v.itemName}`),
      {
        tag: 'form',
        name: 'report',
        elements: [
          md('**检查日期**'),
          {
            tag: 'date_picker',
            name: 'inspectedOn',
            required: true,
            initial_date: p?.inspectedOn ?? v.today,
          },
          md('**检查方式**'),
          selectField('method', '选择检查方式', v.methods, p?.method),
          md('**检查结果**'),
          selectField('result', '选择检查结果', RESULT_CATEGORIES, p?.resultCategory),
          md('**问题描述**（发现问题时必填）'),
          input('findings', '发现的问题', p?.findings),
          md('**后续处置**'),
          selectField('followUp', '选择后续处置', FOLLOW_UPS, p?.followUp),
          md('**整改情况**'),
          input('rectification', '整改情况（可不填）', p?.rectification),
          submitButton(
            'report_submit',
            '提交',
            { action: ACTIONS.reportSubmit, taskNo: v.taskNo },
            'primary',
          ),
        ],
      },
    ],
  });
}
