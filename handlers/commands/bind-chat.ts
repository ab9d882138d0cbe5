import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../../src/domain/errors';
import { mayConfigureUnit } from '../../src/domain/permissions';
import { bindUnitChat } from '../../src/services/binding';
import type { CommandHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';

/**
 * `/设为工作群` in a group: the sender's unit gets its task lists here instead of in its 责任人's chat.
 * Only a unit head or 责任人 (or the office) may bind, and only their own unit.
 */
export const bindWorkChat: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayConfigureUnit(actor), 'unit.bind-chat', actor.unitName);
  if (!ctx.isGroup) throw new DomainError('NOT_GROUP', '请在单位的工作群里 @抽查助手 发送 /设为工作群');
  const unit = await bindUnitChat(ctx.deps.models, actor, ctx.chatId, ctx.deps.now());
  await ctx.reply(
    noticeCard({ title: '已设为工作群', text: `${unit}的检查任务清单今后发到本群。`, tone: 'info' }),
  );
};
