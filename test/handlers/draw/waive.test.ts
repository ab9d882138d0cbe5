import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/** `/免抽 <事项> <理由>` (handlers/draw/waive.ts): the item's 责任局领导 waives the round due next, once. */
describe('/免抽', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('says how to use it, and refuses someone who is not the item’s 责任局领导', async () => {
    const [usage] = await h.say('赵晓辉', '/免抽 公章刻制业');
    expect(textOf(usage!.card)).toContain('用法：/免抽 事项 理由');
    const [refused] = await h.say('彭世杰', '/免抽 公章刻制业 辖区内无在营企业');
    expect(refused!.card.header.title.content).toBe('无法完成');
  });

  it('waives the round with its reason; with no round left, says so', async () => {
    const [card] = await h.say('赵晓辉', '/免抽 公章刻制业 辖区内本年度无在营刻章企业');
    expect(card!.card.header.title.content).toBe('已免于抽查：公章刻制业');
    expect(textOf(card!.card)).toContain('2026 年第 1 轮已决定免于抽查');
    const [again] = await h.say('赵晓辉', '/免抽 公章刻制业 辖区内本年度无在营刻章企业');
    expect(again!.card.header.title.content).toBe('无法完成');
    expect(textOf(again!.card)).toContain('“公章刻制业”2026 年的各轮均已抽取或免于抽查');
  });
});
