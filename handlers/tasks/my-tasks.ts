import { unfinishedTasksOf } from '../../src/services/items';
import { myTasksCard } from '../../cards/my-tasks-card';
import { daysBetween, shanghaiDate } from '../../src/domain/calendar';
import type { CommandHandler } from '../context';
import { requireActor } from '../guard';

/** `/我的任务`: the caller's unfinished tasks. */
export const myTasks: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const today = shanghaiDate(ctx.deps.now());
  const tasks = await unfinishedTasksOf(ctx.deps.models, actor.key);
  await ctx.reply(
    myTasksCard({
      name: actor.name,
      tasks: tasks.map((t) => ({
        taskNo: t.taskNo,
        itemName: t.itemName,
        targetName: t.targetName,
        deadline: t.deadline,
        status: t.status as 'open' | 'returned' | 'reported',
        daysLeft: daysBetween(today, t.deadline),
      })),
    }),
  );
};
