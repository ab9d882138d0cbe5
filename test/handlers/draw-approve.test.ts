import { chatAs, untilDispatched } from '../helpers/chat';
import { useDemoBot } from '../helpers/demo-bot';

describe('批准 decides in the callback and dispatches in the background', () => {
  const { emu, db, errors } = useDemoBot();
  const { ask, cardTitled, press, click, button } = chatAs(emu);
  afterEach(() => expect(errors).toEqual([]));

  it('answers a repeated click without deciding again, before and after the dispatch', async () => {
    const { models } = db();
    const preview = await ask('彭世杰', '/抽查 公章刻制业', '抽取发起：公章刻制业');
    await press('彭世杰', preview, '提交审批');
    const approval = await cardTitled('赵晓辉', '待审批：公章刻制业');
    const draw = (await models.Draw.findOne({}).lean())!;
    const approve = button(approval, '批准');
    const first = await click('赵晓辉', approval, approve, { phrase: '重复 点击 测试' });
    // A second click (another token) while the dispatch job may still run: the same answer, nothing decided again.
    const second = await click('赵晓辉', approval, approve, { phrase: '另一个 随机码' });
    const pending = `已批准，正在抽取并派发 ${draw.count} 个检查任务，卡片稍后更新`;
    expect(first.toast).toEqual({ type: 'success', content: pending });
    expect(second.toast.type).toBe('success');
    expect(await untilDispatched(models)).toEqual([draw.drawNo]);
    const third = await click('赵晓辉', approval, approve, { phrase: '第三次' });
    expect(third.toast).toEqual({ type: 'success', content: `已批准，已派发 ${draw.count} 个检查任务` });
    // One decision, with the first phrase; the later phrases were never used.
    const approved = await models.AuditEntry.find({ action: 'draw.approved', subject: draw.drawNo }).lean();
    expect(approved.map((e) => (e.details as { phrase?: string }).phrase)).toEqual(['重复 点击 测试']);
    expect(await models.Receipt.countDocuments({ kind: 'approval-phrase' })).toBe(1);
  });
});
