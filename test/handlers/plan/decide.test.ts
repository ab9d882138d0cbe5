import { ACTIONS } from '../../../cards/actions';
import { useHandlerDeps } from '../../helpers/handler-deps';

/**
 * 批准 and 退回 by the 领导小组组长 (handlers/plan/approve.ts, reject.ts): with the 文号 and the effective
 * date, or a reason; no one else decides.
 */
describe('plan.approve and plan.reject', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('returns a version with a reason only, then approves the next one with its 文号', async () => {
    const submit = async () =>
      (await h.click('陶向东', { action: ACTIONS.planCarryOver, year: 2027 }, undefined, `om_${Date.now()}`))
        .card;
    await submit();
    const noReason = await h.click('李良', { action: ACTIONS.planReject, id: '2027-1' }, { reason: '' });
    expect(noReason.toast?.type).toBe('error');
    expect(
      (await h.click('彭世杰', { action: ACTIONS.planReject, id: '2027-1' }, { reason: '不行' })).toast?.type,
    ).toBe('error');
    const rejected = await h.click(
      '李良',
      { action: ACTIONS.planReject, id: '2027-1' },
      { reason: '文号待定' },
    );
    expect(rejected.toast).toEqual({ type: 'success', content: '已退回，办公室将收到退回理由' });

    await submit();
    const version = await h.db().models.PlanVersion.findOne({ year: 2027, status: 'pending' }).lean();
    const id = version!._id;
    const bad = await h.click('李良', { action: ACTIONS.planApprove, id: 'x' }, {});
    expect(bad.toast).toEqual({ type: 'error', content: '这张卡片对应的计划版本不存在' });
    const approved = await h.click(
      '李良',
      { action: ACTIONS.planApprove, id },
      { docNumber: '偃公通〔2026〕88号', effectiveOn: '2027-01-01' },
    );
    expect(approved.toast).toEqual({
      type: 'success',
      content: '已批准 2027 年度计划（偃公通〔2026〕88号），自 2027-01-01 起施行',
    });
    expect((await h.db().models.AnnualPlan.findOne({ year: 2027 }).lean())?.basedOn).toBe(
      '偃公通〔2026〕88号',
    );
    expect((await h.jobs()).filter((j) => j.name === 'refresh-plan').length).toBeGreaterThanOrEqual(2);
  });
});
