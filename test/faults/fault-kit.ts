import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Emulator } from '../../emulator/server';
import type { Models } from '../../src/adapters/db/models';
import { FERRETDB_LAUNCHER, storageArgs, storageFrom, waitForPing } from '../../src/harness/ferretdb';
import { silentLogger } from '../../src/adapters/log';
import { startBot } from '../../src/app/bot';
import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../../src/services/draws';
import { plainTargets } from '../../src/demo/demo-pools';
import { writeTargetChanges } from '../../src/services/pool-writes';
import { allTargets } from '../../src/services/target-registry';

/**
 * What the fault suite breaks on purpose: a Redis server and a FerretDB of its own (the machine's shared
 * ones are never restarted), the bot as a child process, and the count of what the emulator's users got.
 */

/** A free TCP port on 127.0.0.1 (closed again at once, so a server started next can take it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A server process that can be killed (any signal) and started again on the same port and data. */
export interface Restartable {
  url: string;
  /** Kills the process with `signal` and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory, resolving once it answers. */
  start(): Promise<void>;
  /** Kills it and deletes its data. */
  dispose(): Promise<void>;
}

/** A redis-server of our own on a free port; `appendonly` with fsync always survives kill -9 with every write. */
export async function ownRedis(opts: { appendonly: boolean }): Promise<Restartable> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ssj-faults-redis-'));
  let child: ChildProcess | undefined;
  const persistence = opts.appendonly
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const start = async () => {
    child = spawn(
      '/usr/bin/redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir],
      { stdio: 'ignore' },
    );
    const { connectRedis } = await import('../../src/adapters/queue/redis');
    for (const end = Date.now() + 10_000; ; await sleep(50)) {
      try {
        const r = await connectRedis(`redis://127.0.0.1:${port}`);
        const loading = (await r.info('persistence')).includes('loading:1');
        r.disconnect();
        if (!loading) return;
      } catch (err) {
        if (Date.now() > end) throw err;
      }
    }
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!child) return;
    const c = child;
    c.kill(signal);
    await exited(c);
    child = undefined;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    dispose: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The FerretDB launcher on a fixed port and storage (DB_BACKEND's: a directory, or a private PostgreSQL
 * database kept across a SIGKILL and dropped at the final SIGTERM), so a restarted server has the same
 * URI and data.
 */
export async function ownFerretDb(dbName: string): Promise<Restartable> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ssj-faults-ferretdb-'));
  const storage = storageArgs(storageFrom(process.env), dir, false);
  let child: ChildProcess | undefined;
  const url = `mongodb://127.0.0.1:${port}/${dbName}`;
  const start = async () => {
    child = spawn(FERRETDB_LAUNCHER, [...storage, '-listen', `127.0.0.1:${port}`], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).once('line', () => resolve());
      child!.once('exit', (code) => reject(new Error(`FerretDB exited with ${code}`)));
    });
    await waitForPing(url, 20_000);
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (!child) return;
    const c = child;
    c.kill(signal);
    await exited(c);
    child = undefined;
  };
  await start();
  return {
    url,
    kill,
    start,
    dispose: async () => {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real bot process (`src/bin/bot.ts`), its output kept for a failure's message. */
export interface BotProcess {
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Polls `check` like `until`, failing at once (with the process's output) if the process exits. */
  until(check: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void>;
}

export function startBotProcess(env: Record<string, string>): BotProcess {
  const out: string[] = [];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'bin', 'bot.ts')],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (b: Buffer) => {
    out.push(b.toString());
    if (out.length > 200) out.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    child,
    output: () => out.join(''),
    kill: async (signal) => {
      child.kill(signal);
      await exited(child);
    },
    until: (check, what, ms) =>
      until(
        async () => {
          if (child.exitCode !== null)
            throw new Error(`the bot exited (${child.exitCode}):\n${out.join('')}`);
          return check();
        },
        what,
        ms,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${out.join('').slice(-4000)}`);
      }),
  };
}

/**
 * A dispatched draw of the demo's 娱乐场所 with `pool` targets (the demo's topped up with plain ones; 50 %
 * are drawn, two inspectors each): proposed, submitted, approved and dispatched through the services, as
 * 批准 and the first half of its `dispatch` job do, before the job plans the sends. Returns what must arrive.
 */
export async function dispatchedDraw(models: Models, pool: number, now: Date) {
  const have = (await allTargets(models)).filter(
    (t) => t.itemCodes.includes('entertainment') && t.status === 'open',
  ).length;
  const extra = plainTargets({
    itemCode: 'entertainment',
    count: pool - have,
    from: 800_000,
    prefix: '91410381MB',
    name: '偃师区故障测试歌城',
  });
  if (extra.length > 0) await writeTargetChanges(models, extra, 'test', now);
  const proposed = await proposeDraw(models, {
    year: 2026,
    itemCode: 'entertainment',
    round: 1,
    actor: 'system:faults',
    now,
  });
  if (!proposed.ok) throw new Error(`draw not proposed: ${proposed.reason}`);
  const { drawNo } = proposed.draw;
  await submitDraw(models, drawNo, 'system:faults', now);
  await approveDraw(models, drawNo, 'system:faults', now, `随机码-${drawNo}`);
  await dispatchDraw(models, drawNo, 'system:faults', now);
  const tasks = await models.Task.find({ drawNo }).lean();
  return { drawNo, tasks, cards: tasks.reduce((n, t) => n + t.inspectorKeys.length, 0) };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

/**
 * What the inspectors got, read from the emulator's store: for each (inspector, task) the number of task
 * cards titled for it in the inspector's chat with the bot. Delivered counts distinct pairs seen,
 * duplicates every extra message for a pair, lost the pairs with none.
 */
export async function countTaskCards(
  emu: Emulator,
  appId: string,
  models: Models,
  tasks: { targetName: string; inspectorKeys: string[] }[],
) {
  const people = await models.Person.find(
    { key: { $in: [...new Set(tasks.flatMap((t) => t.inspectorKeys))] } },
    { key: 1, mobile: 1 },
  ).lean();
  const users = [...emu.state.users.values()];
  const chatOf = new Map<string, string>();
  for (const p of people) {
    const user = users.find((u) => u.mobile === p.mobile);
    if (user) chatOf.set(p.key, emu.state.p2pChat(appId, user.openId).chatId);
  }
  const seen = new Map<string, number>();
  for (const m of emu.state.messages.values()) {
    if (m.msgType !== 'interactive' || m.deleted) continue;
    const t = (JSON.parse(m.content) as any).header?.title?.content as string | undefined;
    if (!t?.startsWith('检查任务：')) continue;
    const k = `${m.chatId} ${t}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  let delivered = 0;
  let duplicates = 0;
  let lost = 0;
  for (const t of tasks)
    for (const k of t.inspectorKeys) {
      const n = seen.get(`${chatOf.get(k)} 检查任务：${t.targetName}`) ?? 0;
      if (n === 0) lost++;
      else delivered++;
      duplicates += Math.max(0, n - 1);
    }
  return { expected: tasks.reduce((n, t) => n + t.inspectorKeys.length, 0), delivered, duplicates, lost };
}

/** Polls `check` until it holds, failing after `ms` with `what`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms: number,
): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); await sleep(100))
    if (Date.now() > end) throw new Error(`${what}: not reached within ${ms / 1000} s`);
}

/** Prints a case's summary line (jest shows console output; CI's log keeps it). */
export function report(line: string): void {
  process.stdout.write(`\n[faults] ${line}\n`);
}

/** The whole bot in this process (as useDemoBot starts it) on the given database, emulator and Redis. */
export function startInProcessBot(o: {
  models: Models;
  emu: Emulator;
  app: { appId: string; appSecret: string };
  redisUrl: string;
  prefix: string;
  now: Date;
  errors: unknown[];
}) {
  return startBot({
    models: o.models,
    app: { ...o.app, domain: o.emu.url },
    redis: { url: o.redisUrl, prefix: o.prefix },
    onError: (e) => o.errors.push(e),
    now: () => o.now,
    // The SDK's warnings on each injected failure would flood the output; the summary line counts instead.
    log: silentLogger(),
  });
}
