/** What a storm of clicks measured: latency as the clicking user's client sees it. */
export interface StormResult {
  callbacks: number;
  callbackFailures: number;
  callbackRate: number;
  p50: number;
  p99: number;
}

/**
 * Clicks at `rate` per second for `seconds`, each click sent on schedule whether or not earlier ones have
 * been answered (as many users would). A callback the platform gave up on (over 3 s) counts at 3 s and as
 * a failure; so does an error toast. BENCH_TRACE=1 prints the slowest click of each second.
 */
export async function clickStorm(
  rate: number,
  seconds: number,
  click: (i: number) => Promise<{ ok: boolean; toast?: { type: string } }>,
): Promise<StormResult> {
  const latencies: number[] = [];
  const trace: [number, number][] = [];
  let failures = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(
      click(i).then(
        (r) => {
          latencies.push(Math.min(performance.now() - sent, 3000));
          if (process.env.BENCH_TRACE) trace.push([sent - start, performance.now() - sent]);
          if (!r.ok || r.toast?.type === 'error') failures++;
        },
        () => {
          latencies.push(3000);
          failures++;
        },
      ),
    );
  }
  await Promise.all(pending);
  if (process.env.BENCH_TRACE) {
    const worst = new Map<number, number>();
    for (const [at, ms] of trace)
      worst.set(Math.floor(at / 1000), Math.max(worst.get(Math.floor(at / 1000)) ?? 0, ms));
    console.error('worst per second:', [...worst].map(([s, ms]) => `${s}:${ms.toFixed(0)}`).join(' '));
  }
  const callbackRate = latencies.length / ((performance.now() - start) / 1000);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return {
    callbacks: latencies.length,
    callbackFailures: failures,
    callbackRate,
    p50: pct(50),
    p99: pct(99),
  };
}
