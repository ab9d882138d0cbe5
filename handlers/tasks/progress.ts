import { activeItems } from '../../src/services/items';
import { progressCard } from '../../cards/progress-card';
import { shanghaiDate } from '../../src/domain/calendar';
import { queryItems, type QueryItem } from '../../src/domain/item-query';
import { yearProgress } from '../../src/services/progress';
import type { CommandHandler } from '../context';
import { requireActor } from '../guard';

/** `/进度 [事项]`: the year's progress, of every item or of the items the words name. */
export const progress: CommandHandler = async (ctx) => {
  requireActor(ctx);
  const { models } = ctx.deps;
  const today = shanghaiDate(ctx.deps.now());
  const year = Number(today.slice(0, 4));
  let items = await yearProgress(models, year, today);
  if (ctx.args.trim()) {
    const all = await activeItems(models);
    const match = queryItems(all as unknown as QueryItem[], ctx.args);
    const codes = match.kind === 'one' ? [match.code] : match.kind === 'choice' ? match.codes : [];
    if (codes.length > 0) items = items.filter((i) => codes.includes(i.itemCode));
  }
  await ctx.reply(progressCard({ year, today, items }));
};
