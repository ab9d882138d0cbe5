import { drawCard } from '../../src/services/draw-cards';
import { cancelDraw, drawStatus } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';
import { drawOf, mayHandle } from './shared';
import { startDraw } from './start';

/**
 * 取消并重新发起: the open attempt is cancelled with its reason (kept and published, its secret with it)
 * and a new attempt of the round replaces it on this card (the `propose-draw` job's update); the old
 * attempt's other cards follow.
 */
export const drawRedraw: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.redraw', draw.drawNo);
  const reason = formText(ctx.form, 'reason', '取消理由');
  await cancelDraw(ctx.deps.models, draw.drawNo, requireActor(ctx).key, ctx.deps.now(), reason);
  const status = await drawStatus(ctx.deps.models, draw.drawNo);
  await ctx.deps.jobs.enqueue('refresh-draw', { drawNo: draw.drawNo, skip: ctx.messageId }, status);
  const started = await startDraw(ctx, draw.itemCode, `card:${ctx.token}`);
  const cancelled = `已取消 ${draw.drawNo}`;
  // No new attempt can be made (the year's plan changed meanwhile): the card shows the cancelled one.
  if ('card' in started)
    return {
      toast: { type: 'info', content: `${cancelled}。${started.notice ?? ''}` },
      card: await drawCard(ctx.deps.models, draw.drawNo, 'preview'),
    };
  await ctx.deps.jobs.enqueue('propose-draw', { ...started.propose, messageId: ctx.messageId });
  return { toast: { type: 'info', content: `${cancelled}，重新发起` } };
};
