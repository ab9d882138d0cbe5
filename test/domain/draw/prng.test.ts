import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DrawRng, sample } from '../../../src/domain/draw/prng';

const SEED = 'a3'.repeat(32);

/** Chi-square statistic of observed counts against a uniform expectation. */
const chiSquare = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
};

describe('DRAW-PRNG-1', () => {
  it('is SHA-256 in counter mode over the documented bytes', () => {
    const rng = new DrawRng(SEED, 'targets/B');
    const block = (k: number) => {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(k));
      return createHash('sha256')
        .update(
          Buffer.concat([
            Buffer.from('ssj-draw-v1'),
            Buffer.from(SEED, 'hex'),
            Buffer.from('targets/B'),
            Buffer.from([0]),
            counter,
          ]),
        )
        .digest();
    };
    const expected = [
      ...[0, 1].flatMap((k) => Array.from({ length: 8 }, (_, i) => block(k).readUInt32BE(4 * i))),
    ];
    expect(Array.from({ length: 16 }, () => rng.nextUint32())).toEqual(expected);
  });

  it('gives the same stream for the same seed and context, and another for another context', () => {
    const take = (ctx: string) => {
      const r = new DrawRng(SEED, ctx);
      return Array.from({ length: 20 }, () => r.nextUint32());
    };
    expect(take('inspectors/X')).toEqual(take('inspectors/X'));
    expect(take('inspectors/X')).not.toEqual(take('inspectors/Y'));
  });

  it('refuses a seed that is not 32 bytes of lowercase hex', () => {
    expect(() => new DrawRng('abc', 'x')).toThrow(/64 lowercase hex/);
    expect(() => new DrawRng('A3'.repeat(32), 'x')).toThrow(/64 lowercase hex/);
  });

  it('draws uniform integers: chi-square over 70,000 draws of 0–6 stays below the 0.1 % critical value', () => {
    const rng = new DrawRng(SEED, 'uniform');
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.uniform(7)]++;
    expect(chiSquare(counts)).toBeLessThan(22.46); // χ²(6), p = 0.001
  });

  it('samples k distinct items of the input, deterministically', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { maxLength: 40 }),
        fc.nat(),
        fc.string(),
        (items, kRaw, ctx) => {
          const k = items.length === 0 ? 0 : kRaw % (items.length + 1);
          const a = sample(items, k, new DrawRng(SEED, ctx));
          const b = sample(items, k, new DrawRng(SEED, ctx));
          return (
            a.length === k &&
            new Set(a).size === k &&
            a.every((x) => items.includes(x)) &&
            JSON.stringify(a) === JSON.stringify(b)
          );
        },
      ),
    );
  });

  it('gives every item the same chance to be sampled (fixed seeds, χ² over 10 items)', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const counts = new Array(10).fill(0);
    for (let s = 0; s < 6000; s++) {
      const seed = createHash('sha256').update(`seed-${s}`).digest('hex');
      for (const x of sample(items, 3, new DrawRng(seed, 'targets'))) counts[x]++;
    }
    expect(chiSquare(counts)).toBeLessThan(27.88); // χ²(9), p = 0.001
  });

  it('reproduces the test vector published in docs/draw-algorithm.md', () => {
    const words = new DrawRng(SEED, 'targets/B');
    expect(Array.from({ length: 4 }, () => words.nextUint32())).toEqual([
      353398627, 4109176566, 4270724345, 2680473290,
    ]);
    const u = new DrawRng(SEED, 'targets/B');
    expect(Array.from({ length: 5 }, () => u.uniform(7))).toEqual([1, 5, 6, 5, 5]);
    expect(sample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3, new DrawRng(SEED, 'targets/B'))).toEqual([7, 1, 3]);
  });
});
