import { DomainError } from '../../src/domain/errors';
import { mayReassign } from '../../src/domain/permissions';
import { idPart } from '../../src/domain/text';
import type { ReassignInputs } from '../../src/domain/draw/reassign';
import { decideReassignment, findReassignment, reassignCardOf } from '../../src/services/reassign';
import type { ActionHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';

/**
 * 随机改派 on the unit head's card, with their phrase: the replacement is picked and the task changed
 * here (a few small writes); the new inspector's task card and the task's other cards follow in jobs.
 */
export const reassign: ActionHandler = async (ctx) => {
  const { models, now, jobs } = ctx.deps;
  const actor = requireActor(ctx);
  const r = await findReassignment(models, String(ctx.value.id ?? ''));
  if (!r) throw new DomainError('NO_REASSIGNMENT', '这张改派卡片对应的记录不存在');
  await requireAllowed(ctx, mayReassign(actor, r), 'task.reassign', r.taskNo);
  const done = await decideReassignment(
    models,
    r._id,
    actor.key,
    formText(ctx.form, 'phrase', '改派随机码'),
    now(),
  );
  const picked = done.picked!;
  await jobs.enqueue('send', {
    id: `reassign-${idPart(r._id)}`,
    kind: 'task',
    subject: r.taskNo,
    to: { personKey: picked },
  });
  await jobs.enqueue('refresh-task', { taskNo: r.taskNo }, `reassigned-${idPart(r._id)}`);
  const inputs = done.inputs as ReassignInputs;
  const name = (done.names as Record<string, string>)[picked] ?? picked;
  return {
    toast: { type: 'success', content: `已改派为 ${name}，新的检查人员会收到任务卡片` },
    card: await reassignCardOf(
      models,
      { taskNo: r.taskNo, key: inputs.replaced, reason: inputs.reason },
      done,
    ),
  };
};
