import { findTask } from './task-records';
import type { Models } from '../adapters/db/models';
import type { Sender } from '../adapters/feishu/sender';
import { reviewCard } from '../../cards/review-card';
import { taskCard } from '../../cards/task-card';
import { DomainError } from '../domain/errors';
import { cardsOf, messageUuid, rememberCard } from './card-messages';
import { openIdByName, type Directory } from './identity';
import { reviewCardView, reviewViewOf, taskCardView } from './task-view';

export async function taskCardOf(models: Models, taskNo: string) {
  return taskCard(await taskCardView(models, taskNo));
}

export async function reviewCardOf(models: Models, taskNo: string) {
  return reviewCard(await reviewCardView(models, taskNo));
}

/** Brings every card about the task (each inspector's task card, the review card) to its state, except `skip`. */
export async function refreshTaskCards(models: Models, sender: Sender, taskNo: string, skip?: string) {
  const copies = (await cardsOf(models, taskNo)).filter((c) => c.messageId !== skip);
  if (copies.length === 0) return;
  // Built once for every copy (each inspector's task card is the same card).
  const view = await taskCardView(models, taskNo);
  const task = taskCard(view);
  const review = copies.some((c) => c.kind === 'review') ? reviewCard(reviewViewOf(view)) : null;
  for (const c of copies) await sender.updateCard(c.messageId, c.kind === 'review' ? review! : task);
}

/** Sends the review card of a filed report to the 责任人 of the task's item and unit. */
export async function sendReviewCard(
  deps: { models: Models; directory: Directory; sender: Sender; now(): Date },
  taskNo: string,
): Promise<string> {
  const { models } = deps;
  const task = await findTask(models, taskNo, { returnCount: 1 });
  const item = task ? await models.Item.findOne({ code: task.itemCode }).lean() : null;
  if (!task || !item) throw new DomainError('NO_TASK', `没有编号为 ${taskNo} 的检查任务`);
  const openId = await openIdByName(models, deps.directory, item.section.responsiblePerson, task.unitName);
  if (!openId)
    throw new DomainError(
      'REVIEWER_UNREACHABLE',
      `检查结果已保存，但无法通过飞书联系审核人${item.section.responsiblePerson}（名单中没有其手机号或飞书账号）`,
    );
  const messageId = await deps.sender.sendCard(
    { openId },
    await reviewCardOf(models, taskNo),
    // One card per filing and reviewer: a new 责任人 (the plan changed hands) gets their own.
    messageUuid('review', taskNo, String(task.returnCount ?? 0), item.section.responsiblePerson),
  );
  await rememberCard(models, messageId, taskNo, 'review', deps.now());
  return item.section.responsiblePerson;
}
