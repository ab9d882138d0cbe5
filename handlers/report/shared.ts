import { findTask } from '../../src/services/task-records';
import { DomainError } from '../../src/domain/errors';
import { isTaskNumber } from '../../src/domain/draw/policy';
import type { ActionContext } from '../context';

/** The task a card action is about: its number from the card value, checked against the database. */
export async function taskOf(ctx: ActionContext) {
  const taskNo = String(ctx.value.taskNo ?? '');
  const task = isTaskNumber(taskNo)
    ? await findTask(ctx.deps.models, taskNo, undefined, ctx.deps.lookups.drawFacts)
    : null;
  if (!task) throw new DomainError('NO_TASK', '这张卡片对应的检查任务不存在');
  return task;
}

/**
 * Brings the task's other cards (each inspector's copy, the review card) to its new state in the
 * background; the job id names the state, so a repeat of the same change refreshes once.
 */
export async function refreshTaskCopies(ctx: ActionContext, taskNo: string): Promise<void> {
  const t = (await findTask(
    ctx.deps.models,
    taskNo,
    { status: 1, returnCount: 1 },
    ctx.deps.lookups.drawFacts,
  ))!;
  await ctx.deps.jobs.enqueue(
    'refresh-task',
    { taskNo, skip: ctx.messageId },
    `${t.status}-${t.returnCount ?? 0}`,
  );
}
