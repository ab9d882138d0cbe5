import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw } from '../../helpers/publications';
import { DEMO_NOW } from '../../helpers/demo-bot';

/** `/验证 <抽取编号>` (handlers/tasks/verify.ts): anyone re-checks any attempt from its public record. */
describe('/验证', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('verifies a dispatched draw for anyone, from the record the public downloads', async () => {
    const drawNo = await demoDraw(h.db().models, 'hotels', DEMO_NOW);
    const [card] = await h.say('陶向东', `/验证 ${drawNo}`);
    expect(textOf(card!.card)).toContain(drawNo);
    expect(textOf(card!.card)).toContain(
      `一致：抽取 ${drawNo} 的结果可由公开的输入、系统密钥与审批随机码完全重现。`,
    );
  });

  it('says how to use it without a number, and names a number that does not exist', async () => {
    const [usage] = await h.say('陶向东', '/验证');
    expect(textOf(usage!.card)).toContain('请在 /验证 后写抽取编号，例如：/验证 CC2026-04-R1-01');
    const [missing] = await h.say('陶向东', '/验证 CC2026-04-R1-09');
    expect(textOf(missing!.card)).toContain('没有编号为 CC2026-04-R1-09 的抽取');
  });
});
