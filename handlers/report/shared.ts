import { DomainError } from '../../src/domain/errors';
import type { ActionContext } from '../context';

/** The task a card action is about: its number from the card value, checked against the database. */
export async function taskOf(ctx: ActionContext) {
  const taskNo = String(ctx.value.taskNo ?? '');
  const task = /^CC\d{4}-\d{2}-R\d+-\d{2,}-\d{4,}$/.test(taskNo)
    ? await ctx.deps.models.Task.findOne({ taskNo }).lean()
    : null;
  if (!task) throw new DomainError('NO_TASK', '这张卡片对应的检查任务不存在');
  return task;
}
