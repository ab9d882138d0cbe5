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
  poolSize: 24,
  count: 11,
  strata: [{ stratum: '全部', size: 22, bp: 5000, count: 11 }],
  notes: ['2 户停业或注销，不参与抽取'],
  seedCommitment: 'c'.repeat(64),
  status: 'proposed',
  sample: Array.from({ length: 11 }, (_, i) => ({ name: `偃师区歌城${i}`, inspectors: ['王伟', '李娜'] })),
};
const STATUSES = ['proposed', 'submitted', 'approved', 'dispatched', 'rejected', 'cancelled'] as const;
const decided = (status: DrawCardView['status']): DrawCardView => ({
  ...base,
  status,
  ...(['approved', 'dispatched', 'rejected', 'cancelled'].includes(status)
    ? {
        decision: {
          by: '赵晓辉',
          at: '2026-11-26 10:00',
          ...(status === 'rejected' ? { reason: '**名录**未更新' } : {}),
        },
        seed: 'a'.repeat(64),
      }
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

  it('offers each state only its own actions', () => {
    expect(buttonsOf(drawPreviewCard(base))).toEqual([
      '"action":"draw.submit"',
      '"action":"draw.redraw"',
      '"action":"draw.cancel"',
    ]);
    expect(buttonsOf(drawPreviewCard(decided('submitted')))).toEqual(['"action":"draw.cancel"']);
    expect(buttonsOf(drawApprovalCard(decided('submitted')))).toEqual([
      '"action":"draw.approve"',
      '"action":"draw.reject"',
    ]);
    for (const s of ['approved', 'dispatched', 'rejected', 'cancelled'] as const) {
      expect(buttonsOf(drawPreviewCard(decided(s)))).toEqual([]);
      expect(buttonsOf(drawApprovalCard(decided(s)))).toEqual([]);
    }
  });

  it('shows the seed only once decided, ten targets at most, and a rejection reason as plain text', () => {
    expect(JSON.stringify(drawPreviewCard(base))).not.toContain('a'.repeat(64));
    expect(JSON.stringify(drawPreviewCard(decided('dispatched')))).toContain(
      `随机种子（已公开）**：${'a'.repeat(64)}`,
    );
    expect(JSON.stringify(drawPreviewCard(base))).toContain('前 10 户，共 11 户');
    expect(JSON.stringify(drawPreviewCard(base))).not.toContain('偃师区歌城10');
    expect(JSON.stringify(drawPreviewCard(decided('rejected')))).toContain(
      '{"tag":"div","text":{"tag":"plain_text","content":"**名录**未更新"}}',
    );
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
