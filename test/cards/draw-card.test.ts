import { drawApprovalCard, drawPreviewCard, type DrawCardView } from '../../cards/draw-card';
import { itemChoiceCard } from '../../cards/item-choice-card';
import { noticeCard } from '../../cards/notice-card';
import { validateCard } from '../../emulator/card-validator';

const base: DrawCardView = {
  drawNo: 'CC2026-04-R1-02',
  itemName: '娱乐场所',
  basis: '《娱乐场所管理条例》',
  year: 2026,
  round: 1,
  rounds: 1,
  attempt: 2,
  unit: '治安大队',
  leader: '赵晓辉',
  proposer: '彭世杰',
  ratioText: '50%',
  methods: ['现场检查', '书面检查'],
  deadline: '2026-12-30',
  algorithm: 'DRAW-2',
  poolSize: 24,
  count: 11,
  strata: [{ stratum: '全部', size: 22, bp: 5000, count: 11 }],
  notes: ['2 户停业或注销，不参与抽取'],
  rule: { excludeWithinDays: 180, inspectorsPerTask: 2, allowOtherUnits: false },
  hashes: { pool: 'b'.repeat(64), officers: 'd'.repeat(64) },
  seedCommitment: 'c'.repeat(64),
  commitment: 'e'.repeat(64),
  status: 'proposed',
  failure: null,
  sample: [],
};
const SAMPLE = Array.from({ length: 11 }, (_, i) => ({
  name: `偃师区歌城${i}`,
  inspectors: ['王伟', '李娜'],
}));
const STATUSES = [
  'proposed',
  'submitted',
  'approved',
  'dispatched',
  'rejected',
  'cancelled',
  'failed',
] as const;
const decided = (status: DrawCardView['status']): DrawCardView => ({
  ...base,
  status,
  ...(['approved', 'dispatched', 'rejected', 'cancelled', 'failed'].includes(status)
    ? {
        decision: {
          by: status === 'failed' ? '系统' : '赵晓辉',
          at: '2026-11-26 10:00',
          ...(status === 'rejected' ? { reason: '**名录**未更新' } : {}),
          ...(status === 'cancelled' ? { reason: '名录有误' } : {}),
        },
        secret: 'a'.repeat(64),
      }
    : {}),
  ...(status === 'approved' || status === 'dispatched'
    ? { phrase: '春风十里', seed: 'f'.repeat(64), sample: SAMPLE }
    : {}),
  ...(status === 'failed'
    ? { failure: '治安大队可参加本事项检查的在岗执法人员只有 1 人，每个任务至少需要 2 人' }
    : {}),
  ...(status === 'dispatched' ? { tasks: 11 } : {}),
});
const buttonsOf = (card: unknown) => JSON.stringify(card).match(/"action":"[a-z.]+"/g) ?? [];

describe('draw cards', () => {
  it.each(STATUSES)('preview and approval cards are valid in state %s', (status) => {
    const preview = drawPreviewCard(decided(status));
    const approval = drawApprovalCard(decided(status));
    expect(validateCard(preview)).toEqual([]);
    expect(validateCard(approval)).toEqual([]);
    expect({ preview, approval }).toMatchSnapshot();
  });

  it('offers each state only its own actions: cancelling and approving through forms', () => {
    expect(buttonsOf(drawPreviewCard(base))).toEqual([
      '"action":"draw.submit"',
      '"action":"draw.cancel"',
      '"action":"draw.redraw"',
    ]);
    expect(buttonsOf(drawPreviewCard(decided('submitted')))).toEqual(['"action":"draw.cancel"']);
    expect(buttonsOf(drawApprovalCard(decided('submitted')))).toEqual([
      '"action":"draw.approve"',
      '"action":"draw.reject"',
    ]);
    const approval = JSON.stringify(drawApprovalCard(decided('submitted')));
    expect(approval).toContain('"name":"phrase","required":true');
    expect(JSON.stringify(drawPreviewCard(base))).toContain('"name":"reason","required":true');
    for (const s of ['approved', 'dispatched', 'rejected', 'cancelled', 'failed'] as const) {
      expect(buttonsOf(drawPreviewCard(decided(s)))).toEqual([]);
      expect(buttonsOf(drawApprovalCard(decided(s)))).toEqual([]);
    }
    // A DRAW-1 attempt (selected at proposal) can no longer be approved: no 批准 on its card.
    expect(
      buttonsOf(drawApprovalCard({ ...decided('submitted'), algorithm: 'DRAW-1', commitment: null })),
    ).toEqual([]);
  });

  it('shows no selection before approval, says what is guaranteed, and reveals the seed parts once decided', () => {
    for (const s of ['proposed', 'submitted'] as const) {
      const json = JSON.stringify([drawPreviewCard(decided(s)), drawApprovalCard(decided(s))]);
      expect(json).not.toContain('抽中的检查对象');
      expect(json).not.toContain('a'.repeat(64));
      expect(json).toContain('批准前，发起人、审批人和系统管理员都无法得知会抽到谁');
      expect(json).toContain(`发起承诺值**：${'e'.repeat(64)}`);
    }
    const dispatched = JSON.stringify(drawPreviewCard(decided('dispatched')));
    expect(dispatched).toContain(`系统密钥（已公开）**：${'a'.repeat(64)}`);
    expect(dispatched).toContain('审批随机码**：春风十里');
    expect(dispatched).toContain(`随机种子**：${'f'.repeat(64)}`);
    expect(dispatched).toContain('前 10 户，共 11 户');
    expect(dispatched).not.toContain('偃师区歌城10');
    const cancelled = JSON.stringify(drawPreviewCard(decided('cancelled')));
    expect(cancelled).toContain('本次抽取没有产生结果');
    expect(cancelled).toContain('{"tag":"div","text":{"tag":"plain_text","content":"名录有误"}}');
    expect(JSON.stringify(drawPreviewCard(decided('rejected')))).toContain(
      '{"tag":"div","text":{"tag":"plain_text","content":"**名录**未更新"}}',
    );
    expect(JSON.stringify(drawPreviewCard(decided('failed')))).toContain('无法抽取**：治安大队可参加');
  });

  it('marks a round drawn after its draw-by date as 逾期抽取, with its deadline moved on', () => {
    const late = JSON.stringify(drawApprovalCard({ ...decided('submitted'), lateSince: '2026-12-30' }));
    expect(late).toContain('**逾期抽取**（应于 2026-12-30 前抽取）');
    expect(late).toContain('（逾期抽取，已顺延）');
    expect(JSON.stringify(drawApprovalCard(decided('submitted')))).not.toContain('逾期抽取');
  });
});

describe('item choice and notice cards', () => {
  const items = [
    { code: 'hotels', name: '旅馆业', ratioText: '10%', frequencyText: '1年1次' },
    { code: 'seal-engraving', name: '公章刻制业', ratioText: '50%', frequencyText: '1年1次' },
  ];
  it('are valid in every variant', () => {
    const variants = [
      itemChoiceCard({ items }),
      itemChoiceCard({ query: '特种行业', items }),
      itemChoiceCard({ query: '娱乐服务厂所', items, close: true }),
      itemChoiceCard({ query: '刻张', items: items.slice(1), suggestions: true }),
      itemChoiceCard({ query: '食品', items: [], suggestions: true, allNames: ['旅馆业', '娱乐场所'] }),
      noticeCard({ title: '无法完成', text: '原因', tone: 'warning' }),
      noticeCard({ title: '出错', text: '原因', tone: 'error' }),
      noticeCard({ title: '提示', text: '原因' }),
    ];
    for (const v of variants) expect(validateCard(v)).toEqual([]);
    expect(variants).toMatchSnapshot();
  });
});
