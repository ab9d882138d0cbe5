import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { DrawRng, sample, sampleOf, writeUtf8 } from '../../../src/domain/draw/prng';

const SEED = 'a3'.repeat(32);

/** Block `k` of a stream as docs/draw-algorithm.md writes it, as eight 32-bit words, made with nothing of ours. */
const referenceBlock = (seed: string, ctx: string, k: number): number[] => {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(k));
  const bytes = [
    Buffer.from('ssj-draw-v1'),
    Buffer.from(seed, 'hex'),
    Buffer.from(ctx),
    Buffer.from([0]),
    counter,
  ];
  const block = createHash('sha256').update(Buffer.concat(bytes)).digest();
  return Array.from({ length: 8 }, (_, i) => block.readUInt32BE(4 * i));
};

/** Chi-square statistic of observed counts against a uniform expectation. */
const chiSquare = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
};

describe('DRAW-PRNG-1', () => {
  it('is SHA-256 in counter mode over the documented bytes', () => {
    const rng = new DrawRng(SEED, 'targets/B');
    const expected = [...referenceBlock(SEED, 'targets/B', 0), ...referenceBlock(SEED, 'targets/B', 1)];
    expect(Array.from({ length: 16 }, () => rng.nextUint32())).toEqual(expected);
  });

  it('hashes the UTF-8 of any context, streams of two seeds interleaved', () => {
    const other = '5c'.repeat(32);
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 120 }),
        fc.string({ maxLength: 20 }),
        (ctx, ctx2) => {
          const a = new DrawRng(SEED, ctx);
          const b = new DrawRng(other, ctx2);
          // Alternating blocks of the two streams: each must write its own prefix and context again.
          const got: number[] = [];
          const gotB: number[] = [];
          for (let k = 0; k < 2; k++) {
            for (let w = 0; w < 8; w++) got.push(a.nextUint32());
            for (let w = 0; w < 8; w++) gotB.push(b.nextUint32());
          }
          expect(got).toEqual([...referenceBlock(SEED, ctx, 0), ...referenceBlock(SEED, ctx, 1)]);
          expect(gotB).toEqual([...referenceBlock(other, ctx2, 0), ...referenceBlock(other, ctx2, 1)]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('restarts a stream on a context given in two parts as on the whole context', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (ctx, suffix) => {
          const reused = new DrawRng(SEED, 'earlier');
          reused.nextUint32(); // mid-block: the restart starts the new stream at its first word
          reused.restart(ctx, suffix);
          const got = Array.from({ length: 16 }, () => reused.nextUint32());
          expect(got).toEqual([
            ...referenceBlock(SEED, ctx + suffix, 0),
            ...referenceBlock(SEED, ctx + suffix, 1),
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes UTF-8 as Buffer does, ASCII or not', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(5), (text, at) => {
        const buf = Buffer.alloc(at + text.length * 3);
        const n = writeUtf8(buf, text, at);
        expect(buf.subarray(at, at + n)).toEqual(Buffer.from(text, 'utf8'));
      }),
    );
  });

  it('takes a few by position as the shuffle of a copy does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), (n, seed) => {
        const items = Array.from({ length: n }, (_, i) => `o${i}`);
        const k = seed % (n + 1);
        const hex = createHash('sha256').update(String(seed)).digest('hex');
        const virtual = sampleOf(n, k, (i) => items[i]!, new DrawRng(hex, 'x'));
        // The reference: Fisher–Yates on a real copy, the same stream.
        const rng = new DrawRng(hex, 'x');
        const copy = items.slice();
        for (let i = 0; i < k; i++) {
          const j = i + rng.uniform(n - i);
          [copy[i], copy[j]] = [copy[j]!, copy[i]!];
        }
        expect(virtual).toEqual(copy.slice(0, k));
        // Written into a reused array from a position: the same picks there, the rest untouched.
        const out = ['a', 'b', ...new Array<string>(k + 2).fill('-')];
        sampleOf(n, k, (i) => items[i]!, new DrawRng(hex, 'x'), out, 2);
        expect(out).toEqual(['a', 'b', ...copy.slice(0, k), '-', '-']);
      }),
    );
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
