import { pendingPublicationsCard } from '../../cards/publication-cards';
import { shanghaiDate } from '../../src/domain/calendar';
import { mayPublish, type Actor } from '../../src/domain/permissions';
import { workdaysBetween } from '../../src/domain/workdays';
import { pendingResults } from '../../src/services/publications';
import type { ActionContext, CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';

/** Whoever may publish: a unit's 责任人 or head (their unit's results), the office (everyone's). */
export async function requirePublisher(
  ctx: CommandContext | ActionContext,
  unitName: string,
  subject: string,
) {
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayPublish(actor, unitName), 'publication.publish', subject);
  return actor;
}

/** The results this person may publish, as the card shows them today. */
export async function pendingCardFor(ctx: CommandContext | ActionContext, actor: Actor, done?: string) {
  const today = shanghaiDate(ctx.deps.now());
  const office = actor.roles.includes('office');
  const items = await pendingResults(ctx.deps.models, office ? undefined : actor.unitName);
  return pendingPublicationsCard({
    title: `待公示的检查结果（${items.length}）`,
    intro: `以下检查结果已审核通过，应在审核通过后 ${ctx.deps.schedule.publication.withinWorkdays} 个工作日内公示（公示后任何人可在公示页面查看）：`,
    items: items.map((i) => ({ ...i, workdaysLeft: workdaysBetween(today, i.dueBy) })),
    ...(done ? { done } : {}),
  });
}
