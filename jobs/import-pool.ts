import { importFromChat } from '../src/services/import-upload';
import type { Processor } from './deps';

/** A file sent in chat: a pool imported, or a plan submitted; the sender gets the result card. */
export const importPool: Processor<'import-pool'> = async (deps, upload) => {
  try {
    return await importFromChat(deps, upload);
  } finally {
    // Officers imported here may be the next click's actor: no stale roles in this process.
    deps.lookups.clear();
  }
};
