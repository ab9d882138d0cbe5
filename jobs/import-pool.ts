import { importFromChat } from '../src/services/import-upload';
import { stalePools } from '../src/services/pool-snapshots';
import type { Processor } from './deps';

/**
 * A file sent in chat: a pool imported, or a plan submitted; the sender gets the result card. The
 * items whose pool changed get their snapshot rebuilt next (`refresh-pool`), so the next draw of
 * them reads it ready rather than reading every target first.
 */
export const importPool: Processor<'import-pool'> = async (deps, upload) => {
  try {
    const done = await importFromChat(deps, upload);
    const stale = await stalePools(deps.models);
    await deps.jobs.enqueueMany(
      stale.map((p) => ({ name: 'refresh-pool', data: { itemCode: p.itemCode }, once: p.stamp })),
    );
    return done;
  } finally {
    // Officers imported here may be the next click's actor: no stale roles in this process.
    deps.lookups.clear();
  }
};
