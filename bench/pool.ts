import type { Models } from '../src/adapters/db/models';
import { creditCodeCheckChar } from '../src/domain/credit-code';
import { markPoolsChanged } from '../src/services/pool-snapshots';

/**
 * `n` plain targets of one item written straight into the pool (not timed: the import has its own
 * figure), with valid credit codes from `base`, four credit levels and some inspected recently.
 */
export async function insertPool(models: Models, itemCode: string, n: number, base = 0): Promise<void> {
  const levels = ['A', 'B', 'C', 'D'] as const;
  for (let start = 0; start < n; start += 5000) {
    const batch = Array.from({ length: Math.min(5000, n - start) }, (_, k) => {
      const i = base + start + k;
      const body = `91410381${String(i).padStart(9, '0')}`;
      const creditCode = body + creditCodeCheckChar(body);
      return {
        _id: creditCode,
        creditCode,
        name: `对象${i}`,
        address: `偃师区某路${i}号`,
        itemCodes: [itemCode],
        creditLevel: levels[i % 4],
        status: 'open',
        lastInspections: i % 7 === 0 ? [{ itemCode, date: '2026-09-01', drawNo: 'X' }] : [],
      };
    });
    await models.Target.collection.insertMany(batch as never[]);
  }
  await markPoolsChanged(models, [itemCode]);
}
