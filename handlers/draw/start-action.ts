import { rememberCard } from '../../src/services/card-messages';
import type { ActionHandler } from '../context';
import { startDraw } from './start';

/**
 * An item button (the choice card's, a draw prompt's 发起抽取): the `propose-draw` job turns the card
 * clicked into the attempt's preview (a toast now: a card in the answer could land after the job's
 * update and undo it). An attempt already open replaces the card at once; when no draw can be made, or
 * one is being proposed, a toast says so and the card stays as it was.
 */
export const drawStartAction: ActionHandler = async (ctx) => {
  const started = await startDraw(ctx, String(ctx.value.item ?? ''), `card:${ctx.token}`);
  if ('card' in started) {
    if (started.notice) return { toast: { type: 'info', content: started.notice } };
    if (started.drawNo)
      await rememberCard(ctx.deps.models, ctx.messageId, started.drawNo, 'preview', ctx.deps.now());
    return { card: started.card };
  }
  await ctx.deps.jobs.enqueue('propose-draw', { ...started.propose, messageId: ctx.messageId });
  return { toast: { type: 'info', content: `正在发起“${started.itemName}”的抽取，卡片稍后更新` } };
};
