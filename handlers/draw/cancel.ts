import { cancelDraw } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';
import { answer, drawOf, mayHandle } from './shared';

/** 取消 / 撤回并取消, before approval, with a reason that is published with the attempt. */
export const drawCancel: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.cancel', draw.drawNo);
  const reason = formText(ctx.form, 'reason', '取消理由');
  await cancelDraw(ctx.deps.models, draw.drawNo, requireActor(ctx).key, ctx.deps.now(), reason);
  return answer(ctx, draw.drawNo, 'preview', `已取消抽取 ${draw.drawNo}`);
};
