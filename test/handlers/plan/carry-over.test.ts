import { ACTIONS } from '../../../cards/actions';
import { useHandlerDeps } from '../../helpers/handler-deps';

/** 沿用 <year> 年计划 (handlers/plan/carry-over.ts): last year's plan submitted as next year's, office only. */
describe('plan.carryOver', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  const carry = (name: string, year: unknown) => h.click(name, { action: ACTIONS.planCarryOver, year });

  it('refuses anyone but the office, a bad year, and a year with no plan before it', async () => {
    expect((await carry('彭世杰', 2027)).toast?.type).toBe('error');
    expect((await carry('陶向东', 'x')).toast).toEqual({ type: 'error', content: '这张卡片对应的年度无效' });
    expect((await carry('陶向东', 2030)).toast).toEqual({
      type: 'error',
      content: '没有已批准的 2029 年度计划可沿用，请发送计划文件',
    });
    expect(await h.jobs()).toEqual([]);
  });

  it('submits 2026’s plan as 2027’s for the 组长, once', async () => {
    const first = await carry('陶向东', 2027);
    expect(first.toast).toEqual({ type: 'success', content: '已提交组长审批' });
    expect(first.card.header.title.content).toBe('待组长审批：2027 年度计划（第 1 版）');
    expect((await h.jobs()).map((j) => [j.name, j.data.id])).toEqual([['send-plan-cards', '2027-1']]);
    const again = await h.click(
      '陶向东',
      { action: ACTIONS.planCarryOver, year: 2027 },
      undefined,
      'om_other',
    );
    expect(again.toast).toEqual({ type: 'success', content: '该计划已提交，等待组长审批' });
    expect(await h.db().models.PlanVersion.countDocuments({ year: 2027 })).toBe(1);
  });
});
