import { cancelDraw } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { answer, drawOf, mayHandle } from './shared';

/** 取消 / 撤回并取消, before approval. */
export const drawCancel: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.cancel', draw.drawNo);
  await cancelDraw(ctx.deps.models, draw.drawNo, requireActor(ctx).key, ctx.deps.now());
  return answer(ctx, draw.drawNo, 'preview', `已取消抽取 ${draw.drawNo}`);
};
