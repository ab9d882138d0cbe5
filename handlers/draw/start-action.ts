import { rememberCard } from '../../src/services/card-messages';
import type { ActionHandler } from '../context';
import { startDraw } from './start';

/**
 * An item button (the choice card's, a draw prompt's 发起抽取): the attempt's card replaces the one
 * clicked; when no draw can be made, a toast says why and the card stays as it was.
 */
export const drawStartAction: ActionHandler = async (ctx) => {
  const started = await startDraw(ctx, String(ctx.value.item ?? ''), `card:${ctx.token}`);
  if (started.notice) return { toast: { type: 'info', content: started.notice } };
  if (started.drawNo)
    await rememberCard(ctx.deps.models, ctx.messageId, started.drawNo, 'preview', ctx.deps.now());
  return { card: started.card };
};
