import { ACTIONS } from './actions';
import { button, buttonRow, card, hr, md, reasonForm, text } from './parts';

/** One draw as the preview and approval cards show it. */
export interface DrawCardView {
  drawNo: string;
  itemName: string;
  basis: string;
  year: number;
  round: number;
  rounds: number;
  attempt: number;
  unit: string;
  leader: string;
  proposer: string;
  ratioText: string;
  methods: string[];
  deadline: string;
  poolSize: number;
  count: number;
  strata: { stratum: string; size: number; bp: number; count: number }[];
  notes: string[];
  seedCommitment: string;
  status: 'proposed' | 'submitted' | 'approved' | 'rejected' | 'cancelled' | 'dispatched';
  /** The first drawn targets with their inspectors' names. */
  sample: { name: string; inspectors: string[] }[];
  decision?: { by: string; at: string; reason?: string };
  /** Revealed once decided. */
  seed?: string;
  tasks?: number;
}

const SAMPLE_SIZE = 10;
const pct = (bp: number) => `${bp / 100}%`;

function summary(v: DrawCardView) {
  const round = v.rounds > 1 ? `第 ${v.round} 轮（共 ${v.rounds} 轮）` : '全年 1 轮';
  const strata =
    v.strata.length === 1 && v.strata[0]!.stratum === '全部'
      ? []
      : [
          md(
            `**分层**：${v.strata.map((s) => `${s.stratum} 级 ${s.size} 户 × ${pct(s.bp)} → ${s.count} 户`).join('；')}`,
          ),
        ];
  const shown = v.sample.slice(0, SAMPLE_SIZE);
  return [
    md(
      [
        `**抽取编号**：${v.drawNo}${v.attempt > 1 ? `（本轮第 ${v.attempt} 次抽取）` : ''}`,
        `**事项**：${v.itemName}，${v.year} 年${round}`,
        `**依据**：${v.basis}`,
        `**责任单位**：${v.unit}\u3000**责任局领导**：${v.leader}\u3000**发起人**：${v.proposer}`,
        `**检查方式**：${v.methods.join('、')}\u3000**完成时限**：${v.deadline} 前`,
        `**名录库**：${v.poolSize} 户；**比例** ${v.ratioText} → **抽取 ${v.count} 户**，每户 2 名以上执法人员`,
      ].join('\n'),
    ),
    ...strata,
    ...v.notes.map((n) => md(`注：${n}`)),
    hr(),
    md(
      `**抽取结果${v.count > shown.length ? `（前 ${shown.length} 户，共 ${v.count} 户）` : ''}**\n` +
        shown.map((s, i) => `${i + 1}. ${s.name} — ${s.inspectors.join('、')}`).join('\n'),
    ),
    md(
      v.seed
        ? `**随机种子（已公开）**：${v.seed}\n**种子承诺**：${v.seedCommitment}\n任何人可用 /验证 ${v.drawNo} 核验本次抽取。`
        : `**种子承诺**：${v.seedCommitment}\n随机种子在审批决定后公开，届时任何人都可核验本次抽取没有被挑选过。`,
    ),
  ];
}

function outcome(v: DrawCardView) {
  const d = v.decision;
  switch (v.status) {
    case 'submitted':
      return [md(`已提交审批，等待 **${v.leader}** 审批。`)];
    case 'approved':
      return [md(`✅ ${d?.by ?? v.leader} 已于 ${d?.at ?? ''} 批准，正在派发任务。`)];
    case 'dispatched':
      return [
        md(`✅ ${d?.by ?? v.leader} 已于 ${d?.at ?? ''} 批准；已派发 **${v.tasks ?? v.count}** 个检查任务。`),
      ];
    case 'rejected':
      return [md(`❌ ${d?.by ?? v.leader} 已于 ${d?.at ?? ''} 驳回。驳回理由：`), text(d?.reason ?? '')];
    case 'cancelled':
      return [
        md(`本次抽取已取消${d?.by ? `（${d.by}，${d.at}）` : ''}。`),
        ...(d?.reason ? [text(d.reason)] : []),
      ];
    default:
      return [];
  }
}

const TITLES: Record<DrawCardView['status'], string> = {
  proposed: '抽取预览',
  submitted: '抽取预览 · 待审批',
  approved: '抽取 · 已批准',
  dispatched: '抽取 · 已派发',
  rejected: '抽取 · 已驳回',
  cancelled: '抽取 · 已取消',
};
const COLORS = {
  proposed: 'blue',
  submitted: 'wathet',
  approved: 'green',
  dispatched: 'green',
  rejected: 'red',
  cancelled: 'grey',
} as const;

/** The proposer's card: the draw, and while it is a proposal, 提交审批 / 重新抽取 / 取消. Pure. */
export function drawPreviewCard(v: DrawCardView) {
  const actions =
    v.status === 'proposed'
      ? [
          buttonRow([
            button('提交审批', { action: ACTIONS.drawSubmit, drawNo: v.drawNo }, 'primary'),
            button('重新抽取', { action: ACTIONS.drawRedraw, drawNo: v.drawNo }),
            button('取消', { action: ACTIONS.drawCancel, drawNo: v.drawNo }, 'danger'),
          ]),
        ]
      : v.status === 'submitted'
        ? [
            ...outcome(v),
            buttonRow([button('撤回并取消', { action: ACTIONS.drawCancel, drawNo: v.drawNo }, 'danger')]),
          ]
        : outcome(v);
  return card({
    title: `${TITLES[v.status]}：${v.itemName}`,
    template: COLORS[v.status],
    elements: [...summary(v), hr(), ...actions],
  });
}

/** The responsible leader's card: the same draw, with 批准, and 驳回 with a required reason. Pure. */
export function drawApprovalCard(v: DrawCardView) {
  const actions =
    v.status === 'submitted'
      ? [
          md(`**${v.proposer}** 提交了本次抽取，请审批。`),
          button('批准', { action: ACTIONS.drawApprove, drawNo: v.drawNo }, 'primary'),
          reasonForm('reject', '驳回理由（必填，最多 500 字）', '驳回', {
            action: ACTIONS.drawReject,
            drawNo: v.drawNo,
          }),
        ]
      : outcome(v);
  return card({
    title: `${v.status === 'submitted' ? '待审批' : TITLES[v.status]}：${v.itemName}`,
    template: v.status === 'submitted' ? 'orange' : COLORS[v.status],
    elements: [...summary(v), hr(), ...actions],
  });
}
