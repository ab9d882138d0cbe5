import { mayApprove } from '../../src/domain/permissions';
import { approveDraw, dispatchDraw } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { answer, drawOf } from './shared';

/** 批准: the round is taken, the tasks are created, every copy of the draw cards follows. */
export const drawApprove: ActionHandler = async (ctx) => {
  const { models, now } = ctx.deps;
  const { draw, item } = await drawOf(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayApprove(actor, item), 'draw.approve', draw.drawNo);
  await approveDraw(models, draw.drawNo, actor.key, now());
  const out = await dispatchDraw(models, draw.drawNo, actor.key, now());
  // The cards to the unit and every inspector go out in the background, at the platform's pace.
  await ctx.deps.jobs.enqueue('dispatch', { drawNo: draw.drawNo }, `dispatch-${draw.drawNo}`);
  return answer(ctx, draw.drawNo, 'approval', `已批准，派发 ${out.tasks} 个检查任务`);
};
