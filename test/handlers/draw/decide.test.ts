import { ACTIONS } from '../../../cards/actions';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw } from '../../helpers/publications';
import { DEMO_NOW } from '../../helpers/demo-bot';

/**
 * A proposed draw's buttons (handlers/draw/submit.ts, approve.ts, reject.ts, cancel.ts): 提交审批 by the
 * proposer's side, 批准 / 驳回 by the item's 责任局领导 only, 取消 with a reason; each answers at once and
 * leaves the long work (the selection, the tasks, the other copies) to queued jobs.
 */
describe('draw.submit, draw.approve, draw.reject, draw.cancel', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  const proposed = (itemCode: string) => demoDraw(h.db().models, itemCode, DEMO_NOW, { dispatch: false });
  const status = async (drawNo: string) => (await h.db().models.Draw.findOne({ _id: drawNo }).lean())!.status;
  const queued = async () => (await h.jobs()).map((j) => [j.name, j.data.drawNo]);

  it('submits for the leader, who alone approves; the dispatch is queued, a second click only reads', async () => {
    const drawNo = await proposed('entertainment');
    const count = (await h.db().models.Draw.findOne({ _id: drawNo }).lean())!.count;
    const inspector = (await h
      .db()
      .models.Person.findOne({ roles: ['inspector'] })
      .lean())!.name;
    expect((await h.click(inspector, { action: ACTIONS.drawSubmit, drawNo })).toast?.type).toBe('error');
    const submitted = await h.click('彭世杰', { action: ACTIONS.drawSubmit, drawNo });
    expect(submitted.toast).toEqual({ type: 'success', content: '已提交，等待赵晓辉审批' });
    expect(submitted.card.header.title.content).toBe('抽取发起 · 待审批：娱乐场所');
    expect(await queued()).toEqual([
      ['send-approval', drawNo],
      ['refresh-draw', drawNo],
    ]);

    const approve = (name: string, messageId: string) =>
      h.click(name, { action: ACTIONS.drawApprove, drawNo }, { phrase: '洛河 春水 7' }, messageId);
    expect((await approve('彭世杰', 'om_a')).toast?.type).toBe('error');
    expect(await status(drawNo)).toBe('submitted');
    const pending = `已批准，正在抽取并派发 ${count} 个检查任务，卡片稍后更新`;
    expect(await approve('赵晓辉', 'om_b')).toEqual({ toast: { type: 'success', content: pending } });
    expect(await status(drawNo)).toBe('approved');
    expect((await queued()).filter(([n]) => n === 'dispatch')).toEqual([['dispatch', drawNo]]);
    // Another copy of the card: answered from the record, the same job id (queued once).
    expect(await approve('赵晓辉', 'om_c')).toEqual({ toast: { type: 'success', content: pending } });
    expect((await queued()).filter(([n]) => n === 'dispatch')).toHaveLength(1);
  });

  it('rejects only with a reason', async () => {
    const drawNo = await proposed('hotels');
    await h.click('彭世杰', { action: ACTIONS.drawSubmit, drawNo });
    const bare = await h.click('赵晓辉', { action: ACTIONS.drawReject, drawNo }, { reason: '' });
    expect(bare.toast?.type).toBe('error');
    const rejected = await h.click(
      '赵晓辉',
      { action: ACTIONS.drawReject, drawNo },
      { reason: '名录待更新' },
    );
    expect(rejected.toast).toEqual({ type: 'success', content: '已驳回，发起人会看到驳回理由' });
    expect(await status(drawNo)).toBe('rejected');
  });

  it('cancels a proposal with its reason, and says a card of no draw is stale', async () => {
    const drawNo = await proposed('seal-engraving');
    const cancelled = await h.click(
      '彭世杰',
      { action: ACTIONS.drawCancel, drawNo },
      { reason: '对象库有误' },
    );
    expect(cancelled.toast).toEqual({ type: 'success', content: `已取消抽取 ${drawNo}` });
    expect(await status(drawNo)).toBe('cancelled');
    const none = await h.click(
      '彭世杰',
      { action: ACTIONS.drawCancel, drawNo: 'CC2026-09-R1-01' },
      { reason: 'x' },
    );
    expect(none.toast).toEqual({ type: 'error', content: '这张卡片对应的抽取不存在' });
  });
});
