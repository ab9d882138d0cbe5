import type { Models } from '../src/adapters/db/models';
import { plainTargets } from '../src/demo/demo-pools';
import { writeTargetChanges } from '../src/services/pool-writes';

/**
 * `n` plain targets of one item written into the registry (not timed: the import has its own figure),
 * with valid credit codes from `base`, four credit levels and one in seven inspected recently.
 */
export async function insertPool(models: Models, itemCode: string, n: number, base = 0): Promise<void> {
  const targets = plainTargets({ itemCode, count: n, from: base });
  await writeTargetChanges(models, targets, 'bench', new Date());
  const inspected = targets
    .filter((_, k) => (base + k) % 7 === 0)
    .map((t) => ({
      _id: `${itemCode}:${t.creditCode}`,
      itemCode,
      creditCode: t.creditCode,
      date: '2026-09-01',
      drawNo: 'X',
      inspectorKeys: [],
    }));
  for (let i = 0; i < inspected.length; i += 5000)
    await models.LastInspection.collection.insertMany(inspected.slice(i, i + 5000) as never[]);
}
