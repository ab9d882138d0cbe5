import type { PlanStatus } from '../src/domain/plan-template';
import { ACTIONS } from './actions';
import { button, buttonRow, card, hr, md, reasonForm, submitButton, text } from './parts';

export interface PlanCardView {
  id: string;
  year: number;
  version: number;
  status: PlanStatus;
  bureau: string;
  fileName: string;
  submittedBy: string;
  submittedAt: string;
  items: {
    seq: number;
    name: string;
    ratioText: string;
    frequencyText: string;
    drawBy: string;
    deadline: string;
    leader: string;
    unit: string;
    responsible: string;
  }[];
  /** Against the plan in force (or last year's), one line each. */
  changes: string[];
  /** People the plan names whom the bot cannot reach, with why: approval waits until there are none. */
  unreachable: string[];
  docNumber: string;
  docNumberHint: string;
  effectiveOn: string | null;
  /** What the date picker starts on: 1 January of a coming year, else today. */
  defaultEffectiveOn: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string;
}

const TITLES: Record<PlanStatus, string> = {
  pending: '待组长审批',
  approved: '已批准',
  rejected: '已退回',
  superseded: '已被取代',
  withdrawn: '已撤回',
};
const COLORS = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
  superseded: 'grey',
  withdrawn: 'grey',
} as const;

const CHANGES_SHOWN = 15;

function summary(v: PlanCardView): unknown[] {
  const items = v.items
    .map(
      (i) =>
        `${i.seq}. **${i.name}**｜${i.ratioText}，${i.frequencyText}｜抽取 ${i.drawBy} 前，完成 ${i.deadline} 前｜${i.leader}、${i.unit}、${i.responsible}`,
    )
    .join('\n');
  return [
    md(
      `**${v.bureau} ${v.year} 年度计划**（第 ${v.version} 版，${v.items.length} 个事项）\n` +
        `上传：${v.submittedBy}，${v.submittedAt}，文件 ${v.fileName}`,
    ),
    md(items),
    md(`**与现行计划相比**`),
    text(
      v.changes.length
        ? v.changes.slice(0, CHANGES_SHOWN).join('\n') +
            (v.changes.length > CHANGES_SHOWN ? `\n另有 ${v.changes.length - CHANGES_SHOWN} 处变化` : '')
        : '没有变化',
    ),
  ];
}

function outcome(v: PlanCardView): unknown[] {
  switch (v.status) {
    case 'approved':
      return [
        md(
          `**${v.decidedBy ?? ''}** 已于 ${v.decidedAt ?? ''} 批准，文号 **${v.docNumber}**，自 ${v.effectiveOn} 起施行，已公示。`,
        ),
      ];
    case 'rejected':
      return [
        md(`**${v.decidedBy ?? ''}** 已于 ${v.decidedAt ?? ''} 退回，理由：`),
        text(v.reason),
        md('请修改后重新发送计划文件。'),
      ];
    case 'superseded':
    case 'withdrawn':
      return [text(v.reason || '该版本已不再有效')];
    case 'pending':
      return [md('等待领导小组组长审批。')];
  }
}

/** What the office sees after sending a plan file: the version, its changes and its state. Pure. */
export function planSubmittedCard(v: PlanCardView) {
  return card({
    title: `${TITLES[v.status]}：${v.year} 年度计划（第 ${v.version} 版）`,
    template: COLORS[v.status],
    elements: [...summary(v), ...unreachable(v), hr(), ...outcome(v)],
  });
}

const unreachable = (v: PlanCardView) =>
  v.unreachable.length
    ? [
        md(
          `**以下人员无法通过飞书联系**，计划批准前须补全（在“人员名单”表中填写手机号或飞书 open_id 后重新上传，或请其给机器人发送 /绑定 姓名、由办公室确认）：`,
        ),
        text(v.unreachable.join('\n')),
      ]
    : [];

/** The 领导小组组长's card: the plan, 批准 with its 文号 and effective date, or 退回 with a reason. Pure. */
export function planApprovalCard(v: PlanCardView) {
  const open = v.status === 'pending';
  const actions = open
    ? [
        ...(v.unreachable.length
          ? [md('有人员无法联系，暂不能批准；可退回并说明。')]
          : [
              {
                tag: 'form',
                name: 'approve_plan',
                elements: [
                  md('**文号**'),
                  {
                    tag: 'input',
                    name: 'docNumber',
                    required: true,
                    max_length: 40,
                    placeholder: { tag: 'plain_text', content: '计划文号，例如 ××公通〔2027〕3号' },
                    ...(v.docNumberHint ? { default_value: v.docNumberHint } : {}),
                  },
                  md('**生效日期**（此日起由计划所列人员负责）'),
                  {
                    tag: 'date_picker',
                    name: 'effectiveOn',
                    required: true,
                    initial_date: v.defaultEffectiveOn,
                  },
                  submitButton(
                    'approve_plan_submit',
                    '批准',
                    { action: ACTIONS.planApprove, id: v.id },
                    'primary',
                  ),
                ],
              },
            ]),
        reasonForm('reject_plan', '退回理由（必填，最多 500 字）', '退回', {
          action: ACTIONS.planReject,
          id: v.id,
        }),
      ]
    : outcome(v);
  return card({
    title: `${TITLES[v.status]}：${v.year} 年度计划（第 ${v.version} 版）`,
    template: COLORS[v.status],
    elements: [...summary(v), ...unreachable(v), hr(), ...actions],
  });
}

const PROBLEMS_SHOWN = 30;

/** A plan file refused: every problem by sheet and row, and that nothing was written. Pure. */
export function planProblemsCard(v: { fileName: string; year: number; problems: string[] }) {
  const shown = v.problems.slice(0, PROBLEMS_SHOWN);
  return card({
    title: `未导入计划：${v.fileName}`,
    template: 'red',
    elements: [
      md(
        `按 ${v.year} 年度计划读取，有 **${v.problems.length}** 处问题，**计划未作任何改动**。请改正后重新发送（可发送 /导出 计划模板 获取模板）：`,
      ),
      text(shown.join('\n')),
      ...(v.problems.length > PROBLEMS_SHOWN
        ? [md(`另有 ${v.problems.length - PROBLEMS_SHOWN} 处问题未列出。`)]
        : []),
    ],
  });
}

/**
 * To the office when a year has no approved plan: carry this year's over (dates recur: the same
 * month/day in the new year) for the 组长's approval, or send a new file. Pure.
 */
export function planRolloverCard(v: {
  year: number;
  /** The year has begun without a plan. */
  started: boolean;
  /** The plan in force in the year before, if any. */
  current: { docNumber: string; items: number } | null;
}) {
  return card({
    title: v.started ? `${v.year} 年度计划尚未发布` : `请准备 ${v.year} 年度计划`,
    template: v.started ? 'red' : 'orange',
    elements: [
      md(
        (v.started
          ? `${v.year} 年已开始，但还没有经领导小组组长批准的年度计划：各事项不能抽取。`
          : `${v.year} 年度“双随机、一公开”计划尚未批准。`) +
          (v.current
            ? `可沿用 ${v.year - 1} 年计划（${v.current.docNumber}，${v.current.items} 个事项，抽取时间和完成时限顺延到 ${v.year} 年的同月同日），提交组长审批；或发送新的计划 Excel 文件。`
            : '请发送计划 Excel 文件。'),
      ),
      ...(v.current
        ? [
            buttonRow([
              button(
                `沿用 ${v.year - 1} 年计划（日期顺延）`,
                { action: ACTIONS.planCarryOver, year: v.year },
                'primary',
              ),
            ]),
          ]
        : []),
      md(
        '上传新计划：发送 /导出 计划模板 获取空白模板（或 /导出 事项清单 获取现行计划再修改），填好后发给我。',
      ),
    ],
  });
}
