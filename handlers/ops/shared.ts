import { opsCard } from '../../cards/ops-card';
import { mayOperate, type Actor } from '../../src/domain/permissions';
import type { ActionContext, CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';

/** The office's actor, or an audited refusal. */
export async function requireOffice(ctx: CommandContext | ActionContext, what: string): Promise<Actor> {
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayOperate(actor), what, 'ops');
  return actor;
}

/** The ops card as it is now. */
export const currentOpsCard = async (ctx: CommandContext | ActionContext) =>
  opsCard(await ctx.deps.ops.view(ctx.deps.now()));
