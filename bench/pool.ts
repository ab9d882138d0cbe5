import type { Models } from '../src/adapters/db/models';
import { plainTargets } from '../src/demo/demo-pools';
import { writeTargetChanges } from '../src/services/pool-writes';

/**
 * `n` plain targets of one item written into the registry (not timed: the import has its own figure),
 * with valid credit codes from `base`, four credit levels and one in seven inspected recently.
 */
export async function insertPool(models: Models, itemCode: string, n: number, base = 0): Promise<void> {
  // In parts of 20,000 (an office importing file after file): the setup's memory is not the figure's.
  for (let from = base; from < base + n; from += 20_000) {
    const targets = plainTargets({ itemCode, count: Math.min(20_000, base + n - from), from });
    await writeTargetChanges(models, targets, 'bench', new Date());
    const inspected = targets
      .filter((_, k) => (from + k) % 7 === 0)
      .map((t) => ({
        _id: `${itemCode}:${t.creditCode}`,
        itemCode,
        creditCode: t.creditCode,
        date: '2026-09-01',
        drawNo: 'X',
        inspectorKeys: [],
      }));
    if (inspected.length > 0) await models.LastInspection.collection.insertMany(inspected as never[]);
  }
}
