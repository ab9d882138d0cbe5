import { mayDecidePlan } from '../../src/domain/permissions';
import { rejectPlan } from '../../src/services/plans';
import type { ActionHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';
import { answer, versionId } from './shared';

/** 退回 by the 领导小组组长 with a reason; the office sees it on its card and sends a corrected file. */
export const planReject: ActionHandler = async (ctx) => {
  const id = versionId(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayDecidePlan(actor), 'plan.reject', id);
  await rejectPlan(ctx.deps.models, {
    id,
    actor: actor.key,
    now: ctx.deps.now(),
    reason: formText(ctx.form, 'reason', '退回理由'),
  });
  return answer(ctx, id, '已退回，办公室将收到退回理由');
};
