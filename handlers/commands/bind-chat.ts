import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../../src/domain/errors';
import { mayConfigureUnit } from '../../src/domain/permissions';
import { appendAudit } from '../../src/services/audit';
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
  const { models, now } = ctx.deps;
  const unit = await models.Unit.findOne({ name: actor.unitName }).lean();
  if (!unit) throw new DomainError('NO_UNIT', `单位“${actor.unitName}”不在单位名单中`);
  await models.Unit.updateOne({ name: unit.name }, { $set: { chatId: ctx.chatId, updatedBy: actor.key } });
  await appendAudit(
    models,
    {
      actor: actor.key,
      action: 'unit.chat-bound',
      subject: `unit:${unit.name}`,
      details: { chatId: ctx.chatId },
    },
    now(),
  );
  await ctx.reply(
    noticeCard({ title: '已设为工作群', text: `${unit.name}的检查任务清单今后发到本群。`, tone: 'info' }),
  );
};
