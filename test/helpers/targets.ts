import type { Models } from '../../src/adapters/db/models';
import { markPoolsChanged } from '../../src/services/pool-snapshots';
import { allTargets, commitTargets, type StoredTarget } from '../../src/services/target-registry';

/** The stored targets `which` accepts (all by default), in credit-code order. */
export const targetsWhere = async (models: Models, which: (t: StoredTarget) => boolean = () => true) =>
  (await allTargets(models)).filter(which);

/** The targets of an item (its pool), optionally only those with `status`. */
export const poolTargets = (models: Models, itemCode: string, status?: StoredTarget['status']) =>
  targetsWhere(models, (t) => t.itemCodes.includes(itemCode) && (!status || t.status === status));

/**
 * Changes one stored target as a hand edit or another tool would (no import, no validation: `patch` may
 * hold what an import would refuse); the pools go stale as on any write. Throws if there is no such target.
 */
export async function patchTarget(models: Models, creditCode: string, patch: Record<string, unknown>) {
  const stale = async () =>
    markPoolsChanged(
      models,
      (await models.Item.find({}, { code: 1 }).lean()).map((i) => i.code),
    );
  let found = false;
  await commitTargets(
    models,
    [creditCode],
    (old) => {
      found = !!old;
      return old && ({ ...old, ...patch } as StoredTarget);
    },
    new Date(),
    { before: stale, after: stale },
  );
  if (!found) throw new Error(`no target ${creditCode}`);
}

/** How many of `creditCodes` are stored targets. */
export const countTargets = async (models: Models, creditCodes: string[]) =>
  (await targetsWhere(models, (t) => creditCodes.includes(t.creditCode))).length;
