import { rememberCard } from '../../src/services/card-messages';
import { proposingCard } from '../../src/services/draw-start';
import type { CommandHandler } from '../context';
import { startDraw } from './start';

/**
 * `/抽查 <事项>`: a choice of items, or why no draw can be made; otherwise a card saying the draw is
 * being proposed, which the `propose-draw` job turns into the preview.
 */
export const drawCommand: CommandHandler = async (ctx) => {
  const started = await startDraw(ctx, ctx.args, `msg:${ctx.messageId}`);
  if ('card' in started) {
    const messageId = await ctx.reply(started.card);
    if (started.drawNo)
      await rememberCard(ctx.deps.models, messageId, started.drawNo, 'preview', ctx.deps.now());
    return;
  }
  const messageId = await ctx.reply(proposingCard(started.itemName));
  await ctx.deps.jobs.enqueue('propose-draw', { ...started.propose, messageId });
};
