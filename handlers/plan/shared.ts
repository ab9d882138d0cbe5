import { DomainError } from '../../src/domain/errors';
import { planCard } from '../../src/services/plan-cards';
import type { ActionAnswer, ActionContext } from '../context';

/** The plan version a card action is about, from the card's value (checked against the store by the service). */
export function versionId(ctx: ActionContext): string {
  const id = String(ctx.value.id ?? '');
  if (!/^\d{4}-\d{1,4}$/.test(id)) throw new DomainError('NO_PLAN_VERSION', '这张卡片对应的计划版本不存在');
  return id;
}

/** Answers the clicked card with the version's state; the sender's card and other copies follow in a job. */
export async function answer(ctx: ActionContext, id: string, toast: string): Promise<ActionAnswer> {
  await ctx.deps.jobs.enqueue('refresh-plan', { id, skip: ctx.messageId }, ctx.token);
  return { toast: { type: 'success', content: toast }, card: await planCard(ctx.deps, id, 'plan-approval') };
}
