import { CHUNK_MAX, chunkBy } from '../../src/domain/pool-chunks';

const keys = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `K${String(from + i).padStart(7, '0')}`);
const ids = (chunks: string[][]) => chunks.map((c) => `${c[0]}..${c[c.length - 1]}:${c.length}`);

describe('content-defined chunks of a pool snapshot', () => {
  it('keeps every entry once, in order, and cuts around every 4,096 entries on average', () => {
    const all = keys(100_000);
    const chunks = chunkBy(all, (k) => k);
    expect(chunks.flat()).toEqual(all);
    expect(chunks.length).toBeGreaterThan(100_000 / 4096 / 2);
    expect(chunks.length).toBeLessThan((100_000 / 4096) * 2);
    expect(chunkBy([], (k: string) => k)).toEqual([]);
  });

  it('changes only the chunk an added or removed entry falls in', () => {
    const all = keys(60_000);
    const before = ids(chunkBy(all, (k) => k));
    const added = [...all.slice(0, 30_000), 'K0030000a', ...all.slice(30_000)];
    const after = ids(chunkBy(added, (k) => k));
    expect(after.length).toBe(before.length);
    expect(after.filter((c) => !before.includes(c))).toHaveLength(1);
    const removed = ids(chunkBy([...all.slice(0, 100), ...all.slice(101)], (k) => k));
    expect(removed.filter((c) => !before.includes(c)).length).toBeLessThanOrEqual(1);
    expect(before.filter((c) => !removed.includes(c)).length).toBeLessThanOrEqual(2);
  });

  it('never makes a chunk larger than CHUNK_MAX', () => {
    // Keys that never hash to a boundary are unlikely; a constant key is the worst case.
    const same = Array.from({ length: CHUNK_MAX * 2 + 5 }, () => 'same');
    const chunks = chunkBy(same, (k) => (k === 'same' ? 'no-boundary-here' : k));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(CHUNK_MAX);
    expect(chunks.flat()).toHaveLength(same.length);
  });
});
