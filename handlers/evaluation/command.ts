import { echo } from '../../cards/echo';
import { evaluationCard } from '../../cards/evaluation-card';
import { shanghaiDate } from '../../src/domain/calendar';
import { DomainError } from '../../src/domain/errors';
import { mayEvaluate } from '../../src/domain/permissions';
import { evaluateYear } from '../../src/services/evaluation';
import type { CommandHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';

/** The year `/考评` asks for: its four digits, or this year when none is given. */
export function parseEvaluationYear(args: string, thisYear: number): number {
  const word = args.trim();
  if (word === '') return thisYear;
  const year = /^\d{4}$/.test(word) ? Number(word) : NaN;
  if (!(year >= 2000 && year <= thisYear + 1))
    throw new DomainError(
      'USAGE',
      `“${echo(word)}”不是有效的年份。请写四位数字的年份（2000 至 ${thisYear + 1}），例如：/考评 ${thisYear}；不写年份即为今年。`,
    );
  return year;
}

/** `/考评 [年份]`: the year's per-unit figures and scores, as of today. 局领导 and the office only. */
export const evaluationCommand: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayEvaluate(actor), 'evaluation.view', 'evaluation');
  const today = shanghaiDate(ctx.deps.now());
  const year = parseEvaluationYear(ctx.args, Number(today.slice(0, 4)));
  await ctx.reply(
    evaluationCard(await evaluateYear(ctx.deps.models, year, today, ctx.deps.schedule.evaluation)),
  );
};
