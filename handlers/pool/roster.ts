import { rosterCard } from '../../cards/roster-card';
import { echo } from '../../cards/echo';
import { shanghaiDate } from '../../src/domain/calendar';
import { DomainError } from '../../src/domain/errors';
import { mayViewRoster } from '../../src/domain/permissions';
import { unitNames } from '../../src/services/items';
import { rosterCheck } from '../../src/services/roster';
import type { CommandHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';

/**
 * `/人员 [单位]`: the officers whose 执法证 lapsed or lapses within 60 days, who are away, or whose dates
 * are missing — a unit head's own unit; the office every unit, or the one it names.
 */
export const roster: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const permission = mayViewRoster(actor);
  await requireAllowed(ctx, permission, 'roster.view', 'roster');
  const asked = ctx.args.trim();
  let unit = permission.ok ? (permission.unit ?? null) : null;
  if (asked && unit === null) {
    const units = await unitNames(ctx.deps.models);
    if (!units.includes(asked))
      throw new DomainError('USAGE', `没有名为“${echo(asked)}”的单位（现有：${units.join('、')}）`);
    unit = asked;
  } else if (asked && asked !== unit)
    throw new DomainError('USAGE', `您只能查看本单位（${unit}）的执法人员，发送 /人员 即可`);
  await ctx.reply(rosterCard(await rosterCheck(ctx.deps.models, unit, shanghaiDate(ctx.deps.now()))));
};
