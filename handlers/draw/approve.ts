import { parseDrawNumber } from '../../src/domain/draw/policy';
import { mayApprove } from '../../src/domain/permissions';
import { decideApproval, recordedDecision } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';
import { drawOf } from './shared';

/**
 * 批准, with the leader's random phrase: the decision is made irrevocable and public here; the
 * selection (which exists only from now on), the tasks and every copy of the cards follow in the
 * `dispatch` job — seconds for a large pool, and Feishu gives a callback 3. The answer is a toast
 * only: the job updates this card too, and a card in the answer could land after that update and
 * put the old state back. The approver's repeated click (a double click, another copy) only reads.
 */
export const drawApprove: ActionHandler = async (ctx) => {
  const { models, now } = ctx.deps;
  const actor = requireActor(ctx);
  // The approver clicking again (a double click, another copy): answered from the record, two reads.
  const drawNo = parseDrawNumber(String(ctx.value.drawNo ?? ''));
  const done = drawNo ? await recordedDecision(models, drawNo) : null;
  if (done?.to === 'approved' && done.actor === actor.key) {
    if (done.status === 'dispatched')
      return { toast: { type: 'success', content: `已批准，已派发 ${done.count} 个检查任务` } };
    await ctx.deps.jobs.enqueue('dispatch', { drawNo: drawNo! });
    return { toast: { type: 'success', content: pending(done.count) } };
  }
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayApprove(actor, item), 'draw.approve', draw.drawNo);
  await decideApproval(models, draw.drawNo, actor.key, now(), formText(ctx.form, 'phrase', '审批随机码'));
  await ctx.deps.jobs.enqueue('dispatch', { drawNo: draw.drawNo });
  return { toast: { type: 'success', content: pending(draw.count) } };
};

const pending = (count: number) => `已批准，正在抽取并派发 ${count} 个检查任务，卡片稍后更新`;
