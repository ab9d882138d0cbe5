import type { CommandHandler } from '../context';
import { currentOpsCard, requireOffice } from './shared';

/** `/运维`: queue depths, the last run of the daily schedule, the failed jobs with 重试. Office only. */
export const opsCommand: CommandHandler = async (ctx) => {
  await requireOffice(ctx, 'ops.view');
  await ctx.reply(await currentOpsCard(ctx));
};
