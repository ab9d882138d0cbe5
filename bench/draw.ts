import { createHash } from 'node:crypto';
import { runDraw, type DrawInputs } from '../src/domain/draw/engine';
import { makeRecord, verifyRecord } from '../src/domain/draw/record';

/**
 * One benchmark step in its own process (so its peak RSS is its own): a DRAW-1 run on a pool of N
 * targets with 500 officers at 30 % stratified, timed (median of 5 after a warm-up); prints a JSON line.
 */
function main(): void {
  const n = Number(process.argv[2]);
  const levels = ['A', 'B', 'C', 'D'] as const;
  const inputs: DrawInputs = {
    algorithm: 'DRAW-1',
    drawNo: `BENCH-${n}`,
    itemCode: 'hotels',
    round: 1,
    drawDate: '2026-11-25',
    unit: '治安大队',
    ratio: { kind: 'range', minBp: 1000, maxBp: 5000 },
    stratify: true,
    excludeWithinDays: 365,
    inspectorsPerTask: 2,
    allowOtherUnits: false,
    // In credit-code order, as the draw service's snapshot hands it over (the engine sorts any other order itself).
    pool: Array.from({ length: n }, (_, i) => ({
      creditCode: createHash('sha256').update(`t${i}`).digest('hex').slice(0, 18).toUpperCase(),
      name: `对象${i}`,
      creditLevel: levels[i % 4]!,
      status: 'open' as const,
      lastInspected: i % 7 === 0 ? '2026-05-01' : null,
      lastInspectors: [],
    })).sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)),
    officers: Array.from({ length: 500 }, (_, i) => ({
      key: `badge:${i}`,
      name: `民警${i}`,
      unitName: '治安大队',
      active: true,
      areas: [],
      conflicts: [],
    })),
  };
  const seed = createHash('sha256').update('bench').digest('hex');
  // The median of 5 timed runs after one warm-up: a shared 2-core machine is noisy at this scale.
  runDraw(inputs, seed);
  const times: number[] = [];
  let result = runDraw(inputs, seed);
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    result = runDraw(inputs, seed);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const drawMs = times.sort((a, b) => a - b)[2]!;
  if (!result.ok) throw new Error(result.reason);
  const t1 = process.hrtime.bigint();
  const verdict = verifyRecord(makeRecord(inputs, seed, true));
  const recordAndVerifyMs = Number(process.hrtime.bigint() - t1) / 1e6;
  if (!verdict.consistent) throw new Error(verdict.difference);
  console.log(
    JSON.stringify({
      n,
      selected: result.selections.length,
      drawMs,
      recordAndVerifyMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
main();
