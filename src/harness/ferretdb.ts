import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths';
import { envSchema, type Config } from '../config/schema';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';

export const FERRETDB_LAUNCHER = join(PROJECT_ROOT, 'tools', 'ferretdb', 'ferretdb-launcher');

export interface EmbeddedMongo {
  /** mongodb:// URI of the running server. */
  uri: string;
  pid: number;
  /** Stops the server and deletes its private data (directory or database). */
  stop(): Promise<void>;
}

/** Where an embedded FerretDB stores documents: DB_BACKEND and, for `postgres`, POSTGRES_URL. */
export type Storage = Pick<Config, 'DB_BACKEND' | 'POSTGRES_URL'>;

const DEFAULT_STORAGE: Storage = {
  DB_BACKEND: 'sqlite',
  POSTGRES_URL: envSchema.shape.POSTGRES_URL.parse(undefined),
};

/** DB_BACKEND and POSTGRES_URL from an environment (tests and the benchmark; the bot uses loadConfig). */
export function storageFrom(env: Record<string, string | undefined>): Storage {
  return envSchema
    .pick({ DB_BACKEND: true, POSTGRES_URL: true })
    .parse({ DB_BACKEND: env.DB_BACKEND || undefined, POSTGRES_URL: env.POSTGRES_URL || undefined });
}

/** The URL of another database on the same PostgreSQL server (a private one for a test run). */
function otherDatabase(postgresUrl: string, name: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The launcher's storage flags: the SQLite directory; or, for PostgreSQL, POSTGRES_URL's database itself
 * when the data is to `persist`, else a private database on its server, dropped when the launcher stops.
 */
export function storageArgs(storage: Storage, sqliteDir: string, persist: boolean): string[] {
  if (storage.DB_BACKEND === 'sqlite') return ['-backend', 'sqlite', '-dir', sqliteDir];
  if (persist) return ['-backend', 'postgresql', '-postgresql-url', storage.POSTGRES_URL];
  const name = `ssj_tmp_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return [
    '-backend',
    'postgresql',
    '-postgresql-url',
    otherDatabase(storage.POSTGRES_URL, name),
    '-drop-on-exit',
  ];
}

/**
 * Starts FerretDB 1.24.2 on a free port and waits until it answers `ping`. Private data (deleted at stop)
 * unless `dataDir` is given, the persistent state of the demo and the CLIs: on SQLite that directory, on
 * PostgreSQL (`storage`) POSTGRES_URL's own database. The launcher exits when our stdin pipe closes, so a
 * crashed parent never leaves a server behind.
 */
export async function startFerretDb(
  opts: { bin?: string; timeoutMs?: number; dataDir?: string; storage?: Storage } = {},
): Promise<EmbeddedMongo> {
  const bin = opts.bin ?? FERRETDB_LAUNCHER;
  if (!existsSync(bin)) {
    throw new Error(
      `FerretDB launcher not built (${bin}); run \`npm run services:build\` or set MONGODB_URI.`,
    );
  }
  const storage = opts.storage ?? DEFAULT_STORAGE;
  const sqlite = storage.DB_BACKEND === 'sqlite';
  // A given data directory persists (the demo's state); otherwise a private one is deleted at stop.
  const dir = sqlite ? (opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ssj-ferretdb-'))) : '';
  if (sqlite && opts.dataDir) mkdirSync(dir, { recursive: true });
  const args = storageArgs(storage, dir, !!opts.dataDir);
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (b: Buffer) => {
    stderr.push(b.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const cleanup = () => (sqlite && !opts.dataDir ? rmSync(dir, { recursive: true, force: true }) : undefined);
  try {
    const uri = await firstLine(child, opts.timeoutMs ?? 20_000, () => stderr.join(''));
    await waitForPing(uri, opts.timeoutMs ?? 20_000);
    return { uri, pid: child.pid!, stop: () => stopChild(child).then(cleanup) };
  } catch (err) {
    await stopChild(child);
    cleanup();
    throw err;
  }
}

function firstLine(child: ChildProcess, timeoutMs: number, log: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`FerretDB did not start within ${timeoutMs} ms:\n${log()}`)),
      timeoutMs,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with code ${code} before it was ready:\n${log()}`));
    });
  });
}

export async function waitForPing(uri: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 1000 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}
