import { DomainError } from '../../src/domain/errors';
import { mayReport } from '../../src/domain/permissions';
import { checkReport } from '../../src/domain/report';
import { fileReport, reportRules } from '../../src/services/reports';
import { refreshTaskCards, sendReviewCard, taskCardOf } from '../../src/services/task-cards';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { taskOf } from './shared';

/** 提交 on the report form: checked field by field (nothing saved on a problem), filed, sent for review. */
export const reportSubmit: ActionHandler = async (ctx) => {
  const { models, now } = ctx.deps;
  const task = await taskOf(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayReport(actor, task), 'report.submit', task.taskNo);
  const checked = checkReport(await reportRules(models, task.taskNo, now()), ctx.form);
  if (!checked.ok) throw new DomainError('BAD_REPORT', checked.message);
  await fileReport(models, task.taskNo, actor.key, checked.report, now());
  const reviewer = await sendReviewCard(ctx.deps, task.taskNo);
  await refreshTaskCards(models, ctx.deps.sender, task.taskNo, ctx.messageId);
  return {
    toast: { type: 'success', content: `已提交，等待${reviewer}审核` },
    card: await taskCardOf(models, task.taskNo),
  };
};
