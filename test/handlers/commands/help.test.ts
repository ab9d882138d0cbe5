import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/** `/帮助` and anything the bot does not take (handlers/commands/help.ts): the commands, the nearest one. */
describe('/帮助 and unknown text', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('lists the commands and the items', async () => {
    const [card] = await h.say('彭世杰', '/帮助');
    expect(card!.card.header.title.content).toBe('抽查助手使用说明');
    for (const words of ['/抽查 事项', '/我的任务', '/验证 抽取编号', '娱乐场所'])
      expect(textOf(card!.card)).toContain(words);
  });

  it('answers a mistyped command with the nearest one', async () => {
    const [card] = await h.say('彭世杰', '/进渡');
    expect(textOf(card!.card)).toContain('/进度');
  });
});
