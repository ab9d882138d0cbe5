import { refreshPool } from '../src/services/pool-snapshots';
import type { Processor } from './deps';

/** An item's pool snapshot rebuilt after its targets changed (a no-op if a draw already rebuilt it). */
export const refreshPoolJob: Processor<'refresh-pool'> = async (deps, { itemCode }) => {
  await refreshPool(deps.models, itemCode);
};
