import { mayApprove } from '../../src/domain/permissions';
import { rejectDraw } from '../../src/services/draws';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { formText } from '../form-text';
import { answer, drawOf } from './shared';

/** 驳回, with the reason from the card form. */
export const drawReject: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayApprove(actor, item), 'draw.reject', draw.drawNo);
  await rejectDraw(
    ctx.deps.models,
    draw.drawNo,
    actor.key,
    formText(ctx.form, 'reason', '驳回理由'),
    ctx.deps.now(),
  );
  return answer(ctx, draw.drawNo, 'approval', '已驳回，发起人会看到驳回理由');
};
