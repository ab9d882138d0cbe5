import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { DEMO_APP } from '../emulator/seed';
import { connectDb } from '../src/adapters/db/connect';
import { startBot } from '../src/app/bot';
import { nodeArgs } from './node-args';

/**
 * A bot with `role: 'jobs'` in a process of its own, as a deployment that keeps draws and dispatches
 * away from its callbacks runs it (docs/deploy.md): the benchmark's own bot then takes only events.
 * Run as a script, it is that process.
 */
export interface JobsProcessOptions {
  mongoUri: string;
  dbName: string;
  redisUrl: string;
  prefix: string;
  emulatorUrl: string;
  /** The business clock, fixed (ISO). */
  now: string;
  /** The process's niceness (0: as the caller's). */
  nice?: number;
}

export async function startJobsProcess(opts: JobsProcessOptions): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...nodeArgs(__filename), JSON.stringify(opts)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Below the callbacks in the CPU's order, as a deployment sharing a host would run it (docs/deploy.md).
  if (opts.nice) setPriority(child.pid!, opts.nice);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`jobs process exited with code ${code}`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2]!) as JobsProcessOptions;
  const db = await connectDb(opts.mongoUri, opts.dbName);
  const now = new Date(opts.now);
  let errors = 0;
  const bot = await startBot({
    models: db.models,
    app: { appId: DEMO_APP.appId, appSecret: DEMO_APP.appSecret, domain: opts.emulatorUrl },
    redis: { url: opts.redisUrl, prefix: opts.prefix },
    onError: (err) => void (errors++ < 3 && console.error('jobs process error:', err)),
    now: () => now,
    role: 'jobs',
  });
  process.once(
    'SIGTERM',
    () =>
      void bot
        .stop()
        .then(() => db.close())
        .then(() => process.exit(0)),
  );
  console.log('jobs ready');
}
if (require.main === module) void main();
