import { dispatchNotices, prepareNotices } from '../src/services/dispatch-notices';
import { finishApproval } from '../src/services/draws';
import { requireDraw } from '../src/services/draw-store';
import { selectedTasks } from '../src/services/draw-parts';
import { linkOpenIds } from '../src/services/identity';
import type { Processor } from './deps';

/**
 * An approved draw dispatched: the selection and the tasks (the slow half of 批准, seconds for a large
 * pool), every copy of its cards brought along, then its cards planned, prepared at once, and each sent
 * by a `send` job of its own.
 */
export const dispatch: Processor<'dispatch'> = async (deps, { drawNo }) => {
  const done = await finishApproval(deps.models, drawNo, deps.now());
  if (done)
    await deps.jobs.enqueueMany([
      { name: 'refresh-draw', data: { drawNo }, once: 'dispatched' },
      ...done.superseded.map((other) => ({
        name: 'refresh-draw' as const,
        data: { drawNo: other },
        once: 'cancelled',
      })),
    ]);
  // The draw's tasks, for both the plan and the prepared cards: as this run made them, or read once.
  const tasks = done?.selected ?? (await selectedTasks(deps.models, await requireDraw(deps.models, drawNo)));
  const planned = await dispatchNotices(deps.models, drawNo, tasks);
  await linkOpenIds(
    deps.models,
    deps.directory,
    planned.flatMap((n) => ('personKey' in n.to ? [n.to.personKey] : [])),
  );
  // Cards prepared at once only for a dispatch this run made (its tasks all open); a re-run's are built
  // when sent, as the tasks are then.
  const notices = done ? await prepareNotices(deps.models, tasks, planned) : planned;
  await deps.jobs.enqueueMany(notices.map((n) => ({ name: 'send', data: n })));
  return { tasks: done?.tasks, notices: notices.length };
};
