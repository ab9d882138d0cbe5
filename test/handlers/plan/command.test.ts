import { ACTIONS } from '../../../cards/actions';
import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/**
 * `/计划` (handlers/plan/command.ts): this year's and next year's plan; the 组长 gets each pending
 * version's approval card again, so a lost card is never a dead end.
 */
describe('/计划', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('shows the plan in force and a year not yet approved, and how the office sends one', async () => {
    const [card] = await h.say('陶向东', '/计划');
    expect(card!.card.header.title.content).toBe('年度计划');
    expect(textOf(card!.card)).toMatch(/2026 年度计划：[^，]+，第 1 版，自 \d{4}-\d\d-\d\d 起施行/);
    expect(textOf(card!.card)).toContain('2027 年度计划：尚未批准');
    expect(textOf(card!.card)).toContain('上传计划：在此发送计划 Excel 文件');
    const [plain] = await h.say('彭世杰', '/计划');
    expect(textOf(plain!.card)).not.toContain('上传计划');
  });

  it('gives the 组长 the pending version’s approval card again', async () => {
    await h.click('陶向东', { action: ACTIONS.planCarryOver, year: 2027 });
    const cards = await h.say('李良', '/计划');
    expect(cards.map((c) => c.card.header.title.content)).toEqual([
      '年度计划',
      '待组长审批：2027 年度计划（第 1 版）',
    ]);
    expect(textOf(cards[0]!.card)).toContain('第 1 版（沿用2026年计划）');
  });

  it('says how to use it for words it does not take', async () => {
    const [card] = await h.say('陶向东', '/计划 明年');
    expect(textOf(card!.card)).toContain('用法：/计划（查看年度计划）');
  });
});
