import { rememberCard } from '../../src/services/card-messages';
import { cancelDraw } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { drawOf, mayHandle } from './shared';
import { startDraw } from './start';

/** 重新抽取: the proposal is cancelled (kept, its seed published) and a new attempt replaces it. */
export const drawRedraw: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.redraw', draw.drawNo);
  await cancelDraw(ctx.deps.models, draw.drawNo, requireActor(ctx).key, ctx.deps.now(), '重新抽取');
  const started = await startDraw(ctx, draw.itemCode, `card:${ctx.token}`);
  if (started.drawNo)
    await rememberCard(ctx.deps.models, ctx.messageId, started.drawNo, 'preview', ctx.deps.now());
  return { toast: { type: 'info', content: `已取消 ${draw.drawNo}，重新抽取` }, card: started.card };
};
