import type { CommandHandler } from '../context';
import { pendingCardFor, requirePublisher } from './shared';

/** `/公示`: the results waiting for 公示 — the unit's, or for the office everyone's — each with 公示. */
export const publicationList: CommandHandler = async (ctx) => {
  const actor = await requirePublisher(ctx, ctx.actor?.unitName ?? '', 'publication.list');
  await ctx.reply(await pendingCardFor(ctx, actor));
};
