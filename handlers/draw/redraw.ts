import { rememberCard } from '../../src/services/card-messages';
import { cancelDraw, drawStatus } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';
import { drawOf, mayHandle } from './shared';
import { startDraw } from './start';

/**
 * 取消并重新发起: the open attempt is cancelled with its reason (kept and published, its secret with it)
 * and a new attempt of the round replaces it on this card; the old attempt's other cards follow.
 */
export const drawRedraw: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.redraw', draw.drawNo);
  const reason = formText(ctx.form, 'reason', '取消理由');
  await cancelDraw(ctx.deps.models, draw.drawNo, requireActor(ctx).key, ctx.deps.now(), reason);
  const status = await drawStatus(ctx.deps.models, draw.drawNo);
  await ctx.deps.jobs.enqueue('refresh-draw', { drawNo: draw.drawNo, skip: ctx.messageId }, status);
  const started = await startDraw(ctx, draw.itemCode, `card:${ctx.token}`);
  if (started.drawNo)
    await rememberCard(ctx.deps.models, ctx.messageId, started.drawNo, 'preview', ctx.deps.now());
  return { toast: { type: 'info', content: `已取消 ${draw.drawNo}，重新发起` }, card: started.card };
};
