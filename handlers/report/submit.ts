import { itemByCode } from '../../src/services/items';
import { DomainError } from '../../src/domain/errors';
import { mayReport } from '../../src/domain/permissions';
import { checkReport } from '../../src/domain/report';
import { fileReport, reportRules } from '../../src/services/reports';
import { taskCardOf } from '../../src/services/task-cards';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { refreshTaskCopies, taskOf } from './shared';

/** 提交 on the report form: checked field by field (nothing saved on a problem), filed, sent for review. */
export const reportSubmit: ActionHandler = async (ctx) => {
  const { models, now } = ctx.deps;
  const task = await taskOf(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayReport(actor, task), 'report.submit', task.taskNo);
  const checked = checkReport(await reportRules(models, task.taskNo, now()), ctx.form);
  if (!checked.ok) throw new DomainError('BAD_REPORT', checked.message);
  await fileReport(models, task.taskNo, actor.key, checked.report, now());
  const round = String((task.returnCount ?? 0) + 1);
  await ctx.deps.jobs.enqueue('send-review', { taskNo: task.taskNo }, String(round));
  await refreshTaskCopies(ctx, task.taskNo);
  const reviewer = (await itemByCode(models, task.itemCode))?.section.responsiblePerson;
  return {
    toast: { type: 'success', content: `已提交，等待${reviewer ?? '单位'}审核` },
    card: await taskCardOf(models, task.taskNo),
  };
};
