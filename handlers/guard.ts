import { DomainError } from '../src/domain/errors';
import { queryItems } from '../src/domain/item-query';
import type { Actor, Permission } from '../src/domain/permissions';
import { appendAudit } from '../src/services/audit';
import type { ActionContext, CommandContext } from './context';

/** The acting person, or a refusal telling an unknown user how to get in. */
export function requireActor(ctx: CommandContext | ActionContext): Actor {
  if (ctx.actor) return ctx.actor;
  throw new DomainError(
    'UNKNOWN_USER',
    '您还不在本局的人员名单或执法检查人员名录库中，暂时不能使用此功能。请联系领导小组办公室把您加入名录，或发送 /绑定 您的姓名 申请绑定（由办公室确认）。',
  );
}

/** Goes on only if allowed; a refusal is audited (全程留痕) and told to the user with its reason. */
export async function requireAllowed(
  ctx: CommandContext | ActionContext,
  permission: Permission,
  what: string,
  subject: string,
): Promise<void> {
  if (permission.ok) return;
  await appendAudit(
    ctx.deps.models,
    {
      actor: ctx.actor?.key ?? `open_id:${ctx.operatorOpenId}`,
      action: 'permission.denied',
      subject,
      details: { what, reason: permission.reason },
    },
    ctx.deps.now(),
  );
  throw new DomainError('FORBIDDEN', permission.reason);
}

/**
 * The item a command's words name, exactly enough to act on (an approximate guess is not: an office's
 * change or a leader's waiver must name what it means), or a refusal ending with `usage`.
 */
export async function requireItem(ctx: CommandContext, text: string, usage: string): Promise<string> {
  const found = queryItems(await ctx.deps.lookups.items(), text);
  if (found.kind !== 'one' || found.approximate)
    throw new DomainError('NO_ITEM', `没有找到事项“${text}”，请写完整的事项名称。${usage}`);
  return found.code;
}
