import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/** `/考评 [年份]` (handlers/evaluation/command.ts): the units' figures and scores; leaders and the office only. */
describe('/考评', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('shows this year to a 局领导, and another year when asked', async () => {
    const [card] = await h.say('赵晓辉', '/考评');
    expect(card!.card.header.title.content).toBe('双随机考评：2026 年');
    const [last] = await h.say('赵晓辉', '/考评 2025');
    expect(last!.card.header.title.content).toBe('双随机考评：2025 年');
  });

  it('refuses a year that is not one, saying which years are', async () => {
    const [card] = await h.say('赵晓辉', '/考评 明年');
    expect(textOf(card!.card)).toContain(
      '“明年”不是有效的年份。请写四位数字的年份（2000 至 2027），例如：/考评 2026；不写年份即为今年。',
    );
  });

  it('refuses a unit’s 责任人', async () => {
    const [card] = await h.say('彭世杰', '/考评');
    expect(card!.card.header.title.content).toBe('无法完成');
  });
});
