import { dispatchNotices, prepareNotices } from '../src/services/dispatch-notices';
import { linkOpenIds } from '../src/services/identity';
import type { Processor } from './deps';

/** A dispatched draw's cards: planned from its tasks, prepared at once, each sent by its own `send` job. */
export const dispatch: Processor<'dispatch'> = async (deps, { drawNo }) => {
  const planned = await dispatchNotices(deps.models, drawNo);
  await linkOpenIds(
    deps.models,
    deps.directory,
    planned.flatMap((n) => ('personKey' in n.to ? [n.to.personKey] : [])),
  );
  const notices = await prepareNotices(deps.models, drawNo, planned);
  await deps.jobs.enqueueMany(notices.map((n) => ({ name: 'send', data: n })));
  return { notices: notices.length };
};
