import { rememberCard } from '../../src/services/card-messages';
import type { ActionHandler } from '../context';
import { startDraw } from './start';

/** An item button of the choice card: its preview replaces the choice. */
export const drawStartAction: ActionHandler = async (ctx) => {
  const started = await startDraw(ctx, String(ctx.value.item ?? ''), `card:${ctx.token}`);
  if (started.drawNo)
    await rememberCard(ctx.deps.models, ctx.messageId, started.drawNo, 'preview', ctx.deps.now());
  return { card: started.card };
};
