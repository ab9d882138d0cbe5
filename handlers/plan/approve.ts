import { DomainError } from '../../src/domain/errors';
import { mayDecidePlan } from '../../src/domain/permissions';
import { unreachableIn } from '../../src/services/plan-cards';
import { handoverJobs } from '../../src/services/job-catalog';
import { approvePlan, requireVersion, templateOf } from '../../src/services/plans';
import type { ActionHandler } from '../context';
import { shanghaiDate } from '../../src/domain/calendar';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';
import { answer, versionId } from './shared';

/**
 * 批准 by the 领导小组组长, with the plan's 文号 and effective date: the year's rounds and the public plan
 * at once, its people and responsibilities from that date. Refused while anyone it names is unreachable.
 */
export const planApprove: ActionHandler = async (ctx) => {
  const { models, directory, now } = ctx.deps;
  const id = versionId(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayDecidePlan(actor), 'plan.approve', id);
  const version = await requireVersion(models, id);
  if (version.status === 'pending') {
    const unreachable = await unreachableIn(models, directory, templateOf(version));
    if (unreachable.length)
      throw new DomainError(
        'PLAN_UNREACHABLE',
        `以下人员无法通过飞书联系，暂不能批准：${unreachable.join('；')}`,
      );
  }
  const out = await approvePlan(models, {
    id,
    actor: actor.key,
    now: now(),
    docNumber: formText(ctx.form, 'docNumber', '文号'),
    effectiveOn: formText(ctx.form, 'effectiveOn', '生效日期').slice(0, 10),
  });
  const v = out.version;
  // Reviews and approvals of items that changed hands today: to the new holders.
  await ctx.deps.jobs.enqueueMany(handoverJobs(out.handover, shanghaiDate(now())));
  return answer(
    ctx,
    id,
    out.again
      ? '该计划已批准'
      : `已批准 ${v.year} 年度计划（${v.docNumber}），${out.applied ? '即日起施行' : `自 ${v.effectiveOn} 起施行`}`,
  );
};
