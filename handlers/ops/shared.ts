import { opsCard } from '../../cards/ops-card';
import type { Actor, Permission } from '../../src/domain/permissions';
import type { ActionContext, CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';

/** 运维 (the queue, failed jobs, retries): the leadership group's office. */
export function mayOperate(a: Actor): Permission {
  if (a.roles.includes('office')) return { ok: true };
  return { ok: false, reason: '只有领导小组办公室可以查看和重试后台任务（/运维）' };
}

/** The office's actor, or an audited refusal. */
export async function requireOffice(ctx: CommandContext | ActionContext, what: string): Promise<Actor> {
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayOperate(actor), what, 'ops');
  return actor;
}

/** The ops card as it is now. */
export const currentOpsCard = async (ctx: CommandContext | ActionContext) =>
  opsCard(await ctx.deps.ops.view(ctx.deps.now()));
