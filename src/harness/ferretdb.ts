import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';

export const FERRETDB_LAUNCHER = join(PROJECT_ROOT, 'tools', 'ferretdb', 'ferretdb-launcher');

export interface EmbeddedMongo {
  /** mongodb:// URI of the running server. */
  uri: string;
  pid: number;
  /** Stops the server and deletes its private data directory. */
  stop(): Promise<void>;
}

/**
 * Starts FerretDB 1.24.2 (SQLite backend) in a private temporary directory on a free port and waits
 * until it answers `ping`. The launcher exits when our stdin pipe closes, so a crashed parent never
 * leaves a server behind.
 */
export async function startFerretDb(
  opts: { bin?: string; timeoutMs?: number; dataDir?: string } = {},
): Promise<EmbeddedMongo> {
  const bin = opts.bin ?? FERRETDB_LAUNCHER;
  if (!existsSync(bin)) {
    throw new Error(
      `FerretDB launcher not built (${bin}); run \`npm run services:build\` or set MONGODB_URI.`,
    );
  }
  // A given data directory persists (the demo's state); otherwise a private one is deleted at stop.
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ssj-ferretdb-'));
  if (opts.dataDir) mkdirSync(dir, { recursive: true });
  const child = spawn(bin, ['-dir', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (b: Buffer) => {
    stderr.push(b.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const cleanup = () => (opts.dataDir ? undefined : rmSync(dir, { recursive: true, force: true }));
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
