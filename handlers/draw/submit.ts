import { leaderRecipient } from '../../src/services/draw-cards';
import { submitDraw } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { answer, drawOf, mayHandle } from './shared';

/** 提交审批: the leader gets the approval card; the preview says who is to approve. */
export const drawSubmit: ActionHandler = async (ctx) => {
  const { models, directory, now } = ctx.deps;
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.submit', draw.drawNo);
  // Reachable first: a draw must not wait for a leader who will never see it.
  const leader = await leaderRecipient(models, directory, draw.itemCode);
  await submitDraw(models, draw.drawNo, requireActor(ctx).key, now());
  await ctx.deps.jobs.enqueue('send-approval', { drawNo: draw.drawNo });
  return answer(ctx, draw.drawNo, 'preview', `已提交，等待${leader.name}审批`);
};
