import { textOf } from '../../helpers/chat';
import { ACTIONS } from '../../../cards/actions';
import { useHandlerDeps } from '../../helpers/handler-deps';

/**
 * `/抽查 <事项>` and the item buttons (handlers/draw/command.ts, start-action.ts, start.ts): the item
 * resolved (a choice when unclear, what a loose name was taken for), the role and the round checked, an
 * attempt reserved and its proposal queued — never made inside the callback; a second start finds it.
 */
describe('/抽查 and 发起抽取', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  const proposals = async () => (await h.jobs()).filter((j) => j.name === 'propose-draw').map((j) => j.data);

  it('offers a choice for no item and for an unknown one', async () => {
    const [choice] = await h.say('彭世杰', '/抽查');
    expect(choice!.card.header.title.content).toBe('选择抽查事项');
    const [unknown] = await h.say('彭世杰', '/抽查 飞机场');
    expect(textOf(unknown!.card)).toContain('飞机场');
    expect(await proposals()).toEqual([]);
  });

  it('refuses someone who may not start the item’s draws (an inspector)', async () => {
    const inspector = (await h
      .db()
      .models.Person.findOne({ roles: ['inspector'] })
      .lean())!.name;
    const [card] = await h.say(inspector, '/抽查 娱乐场所');
    expect(card!.card.header.title.content).toBe('无法完成');
    expect(await proposals()).toEqual([]);
  });

  it('reserves the attempt and queues its proposal, saying what a loose name was taken for', async () => {
    const [card] = await h.say('彭世杰', '/抽查 娱乐厂所');
    expect(textOf(card!.card)).toContain('娱乐场所');
    expect(await proposals()).toEqual([
      expect.objectContaining({
        itemCode: 'entertainment',
        year: 2026,
        round: 1,
        attempt: 1,
        actor: 'name:彭世杰',
        notice: '已按“娱乐场所”处理（您输入的是“娱乐厂所”）',
        messageId: card!.messageId,
      }),
    ]);
  });

  it('a second start, by button, waits for the proposal under way instead of queuing another', async () => {
    const answer = await h.click('彭世杰', { action: ACTIONS.drawStart, item: 'entertainment' });
    expect(answer.toast).toEqual({
      type: 'info',
      content: '“娱乐场所”2026 年第 1 轮的抽取正在发起，请稍候查看发起人的卡片。',
    });
    expect(await proposals()).toHaveLength(1);
  });

  it('queues a proposal from a button, answering with a toast only', async () => {
    const answer = await h.click(
      '彭世杰',
      { action: ACTIONS.drawStart, item: 'hotels' },
      undefined,
      'om_prompt',
    );
    expect(answer).toEqual({ toast: { type: 'info', content: '正在发起“旅馆业”的抽取，卡片稍后更新' } });
    expect((await proposals()).map((p) => [p.itemCode, p.messageId])).toEqual([
      ['entertainment', expect.any(String)],
      ['hotels', 'om_prompt'],
    ]);
  });
});
