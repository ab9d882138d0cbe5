import { resultPublications } from '../../src/services/publications';
import { mayReview } from '../../src/domain/permissions';
import { reviewReport } from '../../src/services/reports';
import { reviewCardOf } from '../../src/services/task-cards';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { refreshTaskCopies, taskOf } from '../report/shared';
import { formText } from '../form-text';

/** 通过 / 退回 on the review card; a returned task's cards offer 重新填报 to its inspectors. */
const decide =
  (decision: 'accept' | 'return'): ActionHandler =>
  async (ctx) => {
    const { models, now } = ctx.deps;
    const task = await taskOf(ctx);
    const actor = requireActor(ctx);
    await requireAllowed(ctx, mayReview(actor, task), `review.${decision}`, task.taskNo);
    await reviewReport(
      models,
      task.taskNo,
      actor.key,
      decision,
      formText(ctx.form, 'reason', '退回原因'),
      now(),
      ctx.deps.schedule.publication,
    );
    await refreshTaskCopies(ctx, task.taskNo);
    // 一公开: an accepted result is now due for 公示; say by when, and where to do it.
    const due = decision === 'accept' ? (await resultPublications(models, [task.taskNo]))[0]?.dueBy : null;
    return {
      toast: {
        type: 'success',
        content:
          decision === 'accept'
            ? `已审核通过${due ? `，请于 ${due} 前公示（发送 /公示）` : ''}`
            : '已退回，检查人员会看到退回原因',
      },
      card: await reviewCardOf(models, task.taskNo),
    };
  };

export const reviewAccept = decide('accept');
export const reviewReturn = decide('return');
