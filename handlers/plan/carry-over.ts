import { DomainError } from '../../src/domain/errors';
import { maySubmitPlan } from '../../src/domain/permissions';
import { rememberCard } from '../../src/services/card-messages';
import { planCard } from '../../src/services/plan-cards';
import { approvedPlan, submitPlan, templateOf } from '../../src/services/plans';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';

/**
 * 沿用本年计划（日期顺延）: last year's plan as this year's (its month/day dates recur), submitted for the
 * 组长's approval like a file; the clicked card becomes the plan's card, the 组长's card goes out in a job.
 */
export const planCarryOver: ActionHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const year = Number(ctx.value.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new DomainError('BAD_YEAR', '这张卡片对应的年度无效');
  await requireAllowed(ctx, maySubmitPlan(actor), 'plan.carryOver', String(year));
  const { models, now } = ctx.deps;
  const previous = await approvedPlan(models, year - 1);
  if (!previous) throw new DomainError('NO_PLAN', `没有已批准的 ${year - 1} 年度计划可沿用，请发送计划文件`);
  const t = templateOf(previous);
  const out = await submitPlan(models, {
    year,
    template: {
      ...t,
      document: {
        ...t.document,
        number: '',
        title: t.document.title.replace(String(year - 1), String(year)),
      },
    },
    fileName: `沿用${year - 1}年计划`,
    actor: actor.key,
    now: now(),
  });
  const id = out.version._id;
  await ctx.deps.jobs.enqueue('send-plan-cards', { id });
  for (const old of out.superseded) await ctx.deps.jobs.enqueue('refresh-plan', { id: old }, ctx.token);
  await rememberCard(models, ctx.messageId, id, 'plan-submitted', now());
  return {
    toast: { type: 'success', content: out.again ? '该计划已提交，等待组长审批' : '已提交组长审批' },
    card: await planCard(ctx.deps, id, 'plan-submitted'),
  };
};
