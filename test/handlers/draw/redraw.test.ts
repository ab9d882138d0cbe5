import { ACTIONS } from '../../../cards/actions';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw } from '../../helpers/publications';
import { DEMO_NOW } from '../../helpers/demo-bot';

/**
 * 取消并重新发起 (handlers/draw/redraw.ts): the open attempt cancelled with its reason (kept and published),
 * the round's next attempt reserved and its proposal queued for this card.
 */
describe('draw.redraw', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('needs a reason; cancels the attempt and queues the next one for the same card', async () => {
    const drawNo = await demoDraw(h.db().models, 'entertainment', DEMO_NOW, { dispatch: false });
    const bare = await h.click('彭世杰', { action: ACTIONS.drawRedraw, drawNo }, { reason: '' });
    expect(bare.toast?.type).toBe('error');
    expect((await h.db().models.Draw.findOne({ _id: drawNo }).lean())!.status).toBe('proposed');

    const answer = await h.click(
      '彭世杰',
      { action: ACTIONS.drawRedraw, drawNo },
      { reason: '名录有一户已注销' },
      'om_preview',
    );
    expect(answer).toEqual({ toast: { type: 'info', content: `已取消 ${drawNo}，重新发起` } });
    expect((await h.db().models.Draw.findOne({ _id: drawNo }).lean())!.status).toBe('cancelled');
    const jobs = await h.jobs();
    expect(jobs.map((j) => j.name)).toEqual(['refresh-draw', 'propose-draw']);
    expect(jobs[1]!.data).toMatchObject({ itemCode: 'entertainment', attempt: 2, messageId: 'om_preview' });
  });
});
