import { z } from 'zod';
import { DomainError } from '../../src/domain/errors';
import { publishResults, resultPublications } from '../../src/services/publications';
import type { ActionContext, ActionHandler } from '../context';
import { requireActor } from '../guard';
import { pendingCardFor, requirePublisher } from './shared';

const taskNos = z.array(z.string().min(1).max(40)).min(1).max(50);

/** Publishes the results named on the card, each checked against who clicked; answers with the list as it is now. */
async function publish(ctx: ActionContext, wanted: string[]) {
  const { models, now } = ctx.deps;
  const docs = await resultPublications(models, wanted);
  const missing = wanted.filter((_, i) => !docs[i]);
  if (missing.length)
    throw new DomainError('NO_PUBLICATION', `没有待公示的检查结果 ${missing.join('、')}（可能尚未审核通过）`);
  for (const [i, d] of docs.entries()) await requirePublisher(ctx, d!.unitName ?? '', wanted[i]!);
  const done = await publishResults(models, wanted, requireActor(ctx).key, now());
  const text =
    done.length === 0
      ? '这些检查结果已经公示过了'
      : `已公示 ${done.length} 项${done.length < wanted.length ? `，另 ${wanted.length - done.length} 项此前已公示` : ''}`;
  return {
    toast: { type: done.length ? ('success' as const) : ('info' as const), content: text },
    card: await pendingCardFor(ctx, requireActor(ctx), text),
  };
}

export const publishOne: ActionHandler = (ctx) =>
  publish(ctx, [String(ctx.value.taskNo ?? '')].filter(Boolean));

export const publishAll: ActionHandler = async (ctx) => {
  const parsed = taskNos.safeParse(ctx.value.taskNos);
  if (!parsed.success) throw new DomainError('BAD_VALUE', '这张卡片的公示清单无效，请重新发送 /公示');
  return publish(ctx, parsed.data);
};
