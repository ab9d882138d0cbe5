import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../../src/domain/errors';
import { mayConfirmBinding } from '../../src/domain/permissions';
import { decideBinding, requestBinding } from '../../src/services/binding';
import { bindRequestCard } from '../../cards/bind-card';
import type { ActionContext, ActionHandler, CommandHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';

const USAGE = '用法：/绑定 姓名 [单位]，例如 /绑定 张三 治安大队（由领导小组办公室确认）';

/**
 * `/绑定 姓名 [单位]`: anyone — also someone the bot does not know yet — asks to be a person of the
 * people data; the office confirms on a card. For people whose mobile is not in the plan or the 名录.
 */
export const bindCommand: CommandHandler = async (ctx) => {
  const [name, unit, ...rest] = ctx.args.trim().split(/\s+/).filter(Boolean);
  if (!name || rest.length || name.length > 30 || (unit && unit.length > 60))
    throw new DomainError('USAGE', USAGE);
  if (ctx.actor)
    throw new DomainError('ALREADY_BOUND', `您已是 ${ctx.actor.name}（${ctx.actor.unitName}），无需绑定`);
  const out = await requestBinding(ctx.deps, {
    openId: ctx.operatorOpenId,
    name,
    requestId: ctx.messageId,
    ...(unit ? { unit } : {}),
  });
  await ctx.reply(
    noticeCard({
      title: '已提交绑定申请',
      text: `已请领导小组办公室确认您是 ${out.name}（${out.unit}）；确认后会在这里通知您。`,
      tone: 'info',
    }),
  );
};

const decide =
  (confirm: boolean): ActionHandler =>
  async (ctx: ActionContext) => {
    const actor = requireActor(ctx);
    await requireAllowed(
      ctx,
      mayConfirmBinding(actor),
      confirm ? 'bind.confirm' : 'bind.reject',
      String(ctx.value.key ?? ''),
    );
    const openId = String(ctx.value.openId ?? '');
    const personKey = String(ctx.value.key ?? '');
    const requestId = String(ctx.value.req ?? '');
    if (
      !/^ou_[0-9A-Za-z_-]{1,100}$/.test(openId) ||
      !personKey ||
      personKey.length > 100 ||
      !requestId ||
      requestId.length > 128
    )
      throw new DomainError('BAD_ACTION', '这张卡片的内容无效');
    const view = await decideBinding(ctx.deps, {
      openId,
      personKey,
      requestId,
      confirm,
      actor: actor.key,
      actorName: actor.name,
    });
    // The person's roles now belong to this account: nothing cached about either account may stand.
    ctx.deps.lookups.clear();
    return {
      toast: { type: 'success', content: confirm ? `已确认：${view.name}` : '已拒绝' },
      card: bindRequestCard(view),
    };
  };

export const bindConfirm = decide(true);
export const bindReject = decide(false);
