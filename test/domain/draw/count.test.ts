import fc from 'fast-check';
import { countFor, ratioForLevel, toBasisPoints } from '../../../src/domain/draw/count';

describe('how many to draw', () => {
  it('rounds up, takes everything at 100 %, nothing from nothing', () => {
    expect(countFor(16, toBasisPoints(50))).toBe(8);
    expect(countFor(15, toBasisPoints(50))).toBe(8);
    expect(countFor(80, toBasisPoints(10))).toBe(8);
    expect(countFor(81, toBasisPoints(10))).toBe(9);
    expect(countFor(1, toBasisPoints(10))).toBe(1);
    expect(countFor(12, toBasisPoints(100))).toBe(12);
    expect(countFor(0, toBasisPoints(30))).toBe(0);
  });

  it('always lies in [n·p, n·p + 1) and never exceeds the pool', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 0, max: 10_000 }), (n, bp) => {
        const c = countFor(n, bp);
        return c * 10_000 >= n * bp && (c - 1) * 10_000 < n * bp && c <= n;
      }),
    );
  });

  it('is monotone in the ratio', () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.integer({ min: 0, max: 9_999 }),
        (n, bp) => countFor(n, bp) <= countFor(n, bp + 1),
      ),
    );
  });

  it('refuses nonsense inputs', () => {
    expect(() => countFor(-1, 100)).toThrow(RangeError);
    expect(() => countFor(10, 10_001)).toThrow(RangeError);
    expect(() => countFor(1.5, 100)).toThrow(RangeError);
  });

  it('resolves a range by credit level: A the lower end, D the upper, worse credit never less', () => {
    const range = { kind: 'range' as const, minPercent: 10, maxPercent: 50 };
    expect((['A', 'B', 'C', 'D'] as const).map((l) => ratioForLevel(range, l))).toEqual([
      1000, 2333, 3666, 5000,
    ]);
    expect(ratioForLevel({ kind: 'fixed', percent: 30 }, 'D')).toBe(3000);
    expect(ratioForLevel({ kind: 'fixed', percent: 12.5 }, 'A')).toBe(1250);
  });
});
