import { ACTIONS } from './actions';
import { button, buttonRow, card, hr, inputForm, md, reasonForm, text } from './parts';

export type DrawCardStatus =
  'proposed' | 'submitted' | 'approved' | 'rejected' | 'cancelled' | 'dispatched' | 'failed';

/** One attempt as the preview and approval cards show it. */
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
  algorithm: string;
  poolSize: number;
  /** Planned (DRAW-2, before approval) or drawn. */
  count: number;
  strata: { stratum: string; size: number; bp: number; count: number }[];
  notes: string[];
  /** The rule beyond the ratio (DRAW-2 inputs). */
  rule: { excludeWithinDays: number; inspectorsPerTask: number; allowOtherUnits: boolean };
  hashes: { pool: string; officers: string };
  seedCommitment: string;
  /** DRAW-2's proposal commitment; null for DRAW-1. */
  commitment: string | null;
  status: DrawCardStatus;
  /** Why the attempt cannot be drawn. */
  failure: string | null;
  /** The first drawn targets with their inspectors' names: only once approved. */
  sample: { name: string; inspectors: string[] }[];
  decision?: { by: string; at: string; reason?: string };
  /** Revealed when the attempt ended or was approved. */
  secret?: string;
  phrase?: string;
  seed?: string;
  tasks?: number;
  /** A line above everything (e.g. why this card was sent again). */
  notice?: string;
  /** Drawn after the round's draw-by date (逾期抽取): that date. */
  lateSince?: string;
}

const SAMPLE_SIZE = 10;
const pct = (bp: number) => `${bp / 100}%`;

/** What the approval decides and what anyone can check afterwards; true of DRAW-2 (docs/draw-algorithm.md §2). */
const GUARANTEE =
  '抽取结果尚未产生：批准时，审批人输入的随机码与系统在发起时已承诺的密钥共同决定结果。批准前，发起人、审批人和系统管理员都无法得知会抽到谁；批准后结果即固定，不能更改。本次发起已在公示网页公开，撤回、驳回也会连同理由公开。（本机制不能防止审批人与系统管理员串通。）';

function rule(v: DrawCardView) {
  const r = v.rule;
  return [
    `每户 ${r.inspectorsPerTask} 名执法人员`,
    r.allowOtherUnits ? '可跨单位选派' : `仅${v.unit}人员`,
    ...(r.excludeWithinDays > 0 ? [`${r.excludeWithinDays} 天内检查过的对象暂不抽取`] : []),
  ].join('，');
}

function summary(v: DrawCardView) {
  const round = v.rounds > 1 ? `第 ${v.round} 轮（共 ${v.rounds} 轮）` : '全年 1 轮';
  const drawn = v.status === 'approved' || v.status === 'dispatched';
  const strata =
    v.strata.length === 1 && v.strata[0]!.stratum === '全部'
      ? []
      : v.strata.length
        ? [
            md(
              `**分层**：${v.strata.map((s) => `${s.stratum} 级 ${s.size} 户 × ${pct(s.bp)} → ${s.count} 户`).join('；')}`,
            ),
          ]
        : [];
  const shown = v.sample.slice(0, SAMPLE_SIZE);
  const v2 = v.commitment !== null;
  return [
    ...(v.notice ? v.notice.split('\n').map((line) => md(`**${line}**`)) : []),
    md(
      [
        `**抽取编号**：${v.drawNo}${v.attempt > 1 ? `（本轮第 ${v.attempt} 次发起）` : ''}\u3000**算法**：${v.algorithm}`,
        `**事项**：${v.itemName}，${v.year} 年${round}${v.lateSince ? `\u3000**逾期抽取**（应于 ${v.lateSince} 前抽取）` : ''}`,
        `**依据**：${v.basis}`,
        `**责任单位**：${v.unit}\u3000**责任局领导**：${v.leader}\u3000**发起人**：${v.proposer}`,
        `**检查方式**：${v.methods.join('、')}\u3000**完成时限**：${v.deadline} 前${v.lateSince ? '（逾期抽取，已顺延）' : ''}`,
        `**名录库**：${v.poolSize} 户；**比例** ${v.ratioText} → **${drawn ? '抽取' : '计划抽取'} ${v.count} 户**`,
        `**规则**：${rule(v)}`,
      ].join('\n'),
    ),
    ...strata,
    ...v.notes.map((n) => md(`注：${n}`)),
    ...(v.failure ? [md(`**无法抽取**：${v.failure}`)] : []),
    hr(),
    ...(drawn && shown.length
      ? [
          md(
            `**抽中的检查对象${v.count > shown.length ? `（前 ${shown.length} 户，共 ${v.count} 户）` : ''}**\n` +
              shown.map((s, i) => `${i + 1}. ${s.name} — ${s.inspectors.join('、')}`).join('\n'),
          ),
        ]
      : []),
    md(
      [
        `**名录库快照哈希**：${v.hashes.pool}`,
        `**执法人员名单哈希**：${v.hashes.officers}`,
        ...(v2
          ? [`**发起承诺值**：${v.commitment}`, `**系统密钥承诺**：${v.seedCommitment}`]
          : [`**种子承诺**：${v.seedCommitment}`]),
      ].join('\n'),
    ),
    md(reveal(v)),
  ];
}

function reveal(v: DrawCardView): string {
  const check = `任何人可用 /验证 ${v.drawNo}，或在公示网页下载抽取记录核验。`;
  if (v.commitment === null)
    return v.seed
      ? `**随机种子（已公开）**：${v.seed}\n${check}`
      : '此抽取按旧算法（DRAW-1）在发起时产生，不能再批准；请撤回并重新发起。';
  if (v.phrase && v.seed)
    return [
      `**审批随机码**：${v.phrase}`,
      `**系统密钥（已公开）**：${v.secret ?? ''}`,
      `**随机种子**：${v.seed}（由系统密钥、发起承诺值和审批随机码计算）`,
      check,
    ].join('\n');
  if (v.secret) return `**系统密钥（已公开）**：${v.secret}\n本次抽取没有产生结果。${check}`;
  return GUARANTEE;
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
      return [md(`本次抽取已取消${d?.by ? `（${d.by}，${d.at}）` : ''}。理由：`), text(d?.reason ?? '')];
    case 'failed':
      return [md('本次抽取无法进行，已记录并公示。请按上面的原因调整后重新发起。')];
    default:
      return [];
  }
}

const TITLES: Record<DrawCardStatus, string> = {
  proposed: '抽取发起',
  submitted: '抽取发起 · 待审批',
  approved: '抽取 · 已批准',
  dispatched: '抽取 · 已派发',
  rejected: '抽取 · 已驳回',
  cancelled: '抽取 · 已取消',
  failed: '抽取 · 无法抽取',
};
const COLORS = {
  proposed: 'blue',
  submitted: 'wathet',
  approved: 'green',
  dispatched: 'green',
  rejected: 'red',
  cancelled: 'grey',
  failed: 'grey',
} as const;

const cancelForm = (v: DrawCardView, withRedraw: boolean) =>
  inputForm({
    name: 'cancel',
    field: 'reason',
    placeholder: '取消理由（必填，最多 500 字，将公示）',
    maxLength: 500,
    buttons: [
      {
        text: withRedraw ? '取消' : '撤回并取消',
        value: { action: ACTIONS.drawCancel, drawNo: v.drawNo },
        type: 'danger',
      },
      ...(withRedraw
        ? [
            {
              text: '取消并重新发起',
              value: { action: ACTIONS.drawRedraw, drawNo: v.drawNo },
              type: 'default' as const,
            },
          ]
        : []),
    ],
  });

/** The proposer's card: the attempt, and while it is open, 提交审批 and cancelling with a reason. Pure. */
export function drawPreviewCard(v: DrawCardView) {
  const actions =
    v.status === 'proposed'
      ? [
          buttonRow([button('提交审批', { action: ACTIONS.drawSubmit, drawNo: v.drawNo }, 'primary')]),
          cancelForm(v, true),
        ]
      : v.status === 'submitted'
        ? [...outcome(v), cancelForm(v, false)]
        : outcome(v);
  return card({
    title: `${TITLES[v.status]}：${v.itemName}`,
    template: COLORS[v.status],
    elements: [...summary(v), hr(), ...actions],
  });
}

/** The responsible leader's card: the attempt, with 批准 (and its random phrase), and 驳回 with a reason. Pure. */
export function drawApprovalCard(v: DrawCardView) {
  const open = v.status === 'submitted' && v.commitment !== null;
  const actions = open
    ? [
        md(
          `**${v.proposer}** 提交了本次抽取，请审批。批准时请随手输入几个字或数字作为**审批随机码**（4–40 字，每次不同），它与系统密钥共同决定抽取结果，并将公示。如批准没有成功，请再次输入同一个随机码。`,
        ),
        inputForm({
          name: 'approve',
          field: 'phrase',
          placeholder: '审批随机码（必填，4–40 字）',
          maxLength: 40,
          buttons: [
            { text: '批准', value: { action: ACTIONS.drawApprove, drawNo: v.drawNo }, type: 'primary' },
          ],
        }),
        reasonForm('reject', '驳回理由（必填，最多 500 字，将公示）', '驳回', {
          action: ACTIONS.drawReject,
          drawNo: v.drawNo,
        }),
      ]
    : outcome(v);
  return card({
    title: `${open ? '待审批' : TITLES[v.status]}：${v.itemName}`,
    template: open ? 'orange' : COLORS[v.status],
    elements: [...summary(v), hr(), ...actions],
  });
}
