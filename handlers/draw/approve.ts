import { mayApprove } from '../../src/domain/permissions';
import { approveDraw, dispatchDraw } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';
import { answer, drawOf } from './shared';

/**
 * 批准, with the leader's random phrase: the selection is made now (and only now), the tasks are
 * created, and every copy of the draw cards follows.
 */
export const drawApprove: ActionHandler = async (ctx) => {
  const { models, now } = ctx.deps;
  const { draw, item } = await drawOf(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayApprove(actor, item), 'draw.approve', draw.drawNo);
  await approveDraw(models, draw.drawNo, actor.key, now(), formText(ctx.form, 'phrase', '审批随机码'));
  const out = await dispatchDraw(models, draw.drawNo, actor.key, now());
  // The cards to the unit and every inspector go out in the background, at the platform's pace.
  await ctx.deps.jobs.enqueue('dispatch', { drawNo: draw.drawNo });
  for (const other of out.superseded)
    await ctx.deps.jobs.enqueue('refresh-draw', { drawNo: other }, 'cancelled');
  return answer(ctx, draw.drawNo, 'approval', `已批准，派发 ${out.tasks} 个检查任务`);
};
