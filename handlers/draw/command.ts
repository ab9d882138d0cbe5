import { rememberCard } from '../../src/services/card-messages';
import type { CommandHandler } from '../context';
import { startDraw } from './start';

/** `/抽查 <事项>`: a preview card (or a choice of items) in the same chat. */
export const drawCommand: CommandHandler = async (ctx) => {
  const started = await startDraw(ctx, ctx.args, `msg:${ctx.messageId}`);
  const messageId = await ctx.reply(started.card);
  if (started.drawNo)
    await rememberCard(ctx.deps.models, messageId, started.drawNo, 'preview', ctx.deps.now());
};
