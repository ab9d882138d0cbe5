import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_APP } from '../emulator/seed';
import { connectDb } from '../src/adapters/db/connect';
import { startBot } from '../src/app/bot';
import { loadDemoData } from '../src/demo/load-demo';
import {
  at,
  scheduleAudits,
  simulateYear,
  YEAR_END,
  YEAR_START,
  yearPeople,
} from '../test/fixtures/simulated-year';
import { cleanUp } from './clean-up';
import { startEmulatorProcess } from './emulator-process';

/**
 * One benchmark step in its own process: the simulated year of test/jobs/schedule-year.test.ts (the same
 * module, test/fixtures/simulated-year.ts) as a normal year — one bot, no crash, no platform faults —
 * against the emulator (its own process, Feishu's real limits), MONGODB_URI and the local Redis.
 * Measures the wall time of the days' loop (each day: planning job, sends, people's reactions) and the
 * peak number of jobs held in Redis, sampled every 100 ms from BullMQ's counts (waiting + active +
 * delayed + prioritized + completed + failed). Prints one JSON line.
 */
const DEMO_NOW = new Date('2026-11-26T02:00:00Z');
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess();
  const db = await connectDb(process.env.MONGODB_URI!, `bench_${randomBytes(4).toString('hex')}`);
  const prefix = `bench-${randomBytes(4).toString('hex')}-`;
  const dir = mkdtempSync(join(tmpdir(), 'ssj-bench-year-'));
  const { models } = db;
  let clock = at(YEAR_START);
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  const errors: unknown[] = [];
  let result: string | undefined;
  let sampling = true;
  try {
    await loadDemoData(models, dir, 2026, DEMO_NOW);
    bot = await startBot({
      models,
      app: { appId: DEMO_APP.appId, appSecret: DEMO_APP.appSecret, domain: emulator.url },
      redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix },
      onError: (err) => void (errors.push(err) < 4 && console.error('bot error:', err)),
      now: () => clock,
    });
    const running = bot;
    const people = await yearPeople(models);

    let peak = { jobs: 0, counts: {} as Record<string, number> };
    let samples = 0;
    const sampler = (async () => {
      for (; sampling; await new Promise((r) => setTimeout(r, 100))) {
        const counts = await running.queue.queue.getJobCounts(...JOB_STATES);
        const jobs = Object.values(counts).reduce((a, n) => a + n, 0);
        samples++;
        if (jobs > peak.jobs) peak = { jobs, counts };
      }
    })();

    const t0 = performance.now();
    const record = await simulateYear({
      models,
      bot: () => running,
      setClock: (now) => void (clock = now),
      people,
    });
    const seconds = (performance.now() - t0) / 1000;
    sampling = false;
    await sampler;
    const sends = await scheduleAudits(models, at(YEAR_START));
    const final = await running.queue.queue.getJobCounts(...JOB_STATES);
    result = JSON.stringify({
      seconds,
      days: Math.round((at(YEAR_END).getTime() - at(YEAR_START).getTime()) / 86_400_000) + 1,
      sends: sends.length,
      draws: record.drawnOn.size,
      tasks: record.tasks.size,
      filed: record.filedOn.size,
      peakJobs: peak.jobs,
      peakCounts: peak.counts,
      finalCounts: final,
      samples,
      errors: errors.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
  } finally {
    sampling = false;
    await cleanUp({ bot, prefix, db, stopEmulator: () => emulator.stop(), dir });
  }
  // Last, after the bot's own shutdown logging: the parent reads the final line.
  if (result) console.log(result);
}
main().catch((err) => {
  console.error('bench schedule-year failed:', err);
  process.exit(1);
});
