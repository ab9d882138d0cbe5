import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { DEMO_APP, demoWorld } from '../emulator/seed';
import { startEmulator } from '../emulator/server';
import type { UserSeed } from '../emulator/state';
import { nodeArgs } from './node-args';

/**
 * The emulator for a benchmark, in a process of its own (its CPU is not the bot's), with Feishu's real
 * rate limits: the demo's people and chats plus `extraUsers` generated ones (`benchUser(i)`), and a count
 * of the HTTP statuses it answered (429s are rate-limited calls). Run as a script, it is that process.
 */

/** The generated user number `i`: name, mobile and a fixed open id, so Person documents can match it. */
export const benchUser = (i: number): Required<Pick<UserSeed, 'name' | 'mobile' | 'openId'>> => ({
  name: `基准检查员${String(i).padStart(5, '0')}`,
  mobile: `137${String(i).padStart(8, '0')}`,
  openId: `ou_${createHash('sha256').update(`bench-user-${i}`).digest('hex').slice(0, 32)}`,
});

export interface EmulatorProcess {
  url: string;
  /** Calls the emulator's test API. */
  api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /** HTTP statuses answered so far, by status. */
  statuses(): Promise<Record<string, number>>;
  stop(): void;
}

export async function startEmulatorProcess(extraUsers = 0): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [...nodeArgs(__filename), String(extraUsers)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with code ${code}`)));
  });
  const url = line.match(/http:\/\/127\.0\.0\.1:\d+/)![0];
  return {
    url,
    async api<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
      const res = await fetch(`${url}/_emulator/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status}`);
      return (await res.json()) as T;
    },
    statuses: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as Record<string, number>));
        child.send('statuses');
      }),
    stop: () => void child.kill(),
  };
}

async function main(): Promise<void> {
  const world = demoWorld();
  const extra = Array.from({ length: Number(process.argv[2] ?? 0) }, (_, i) => benchUser(i));
  const emu = await startEmulator({
    apps: [{ ...DEMO_APP }],
    users: [...world.users, ...extra],
    chats: world.chats,
  });
  const statuses: Record<string, number> = {};
  emu.server.on('request', (_req, res) =>
    res.once('finish', () => void (statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1)),
  );
  process.on('message', () => process.send!(statuses));
  // The parent gone (its IPC channel closed): stop.
  process.once('disconnect', () => void emu.stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void emu.stop().then(() => process.exit(0)));
  console.log(`emulator ${emu.url}`);
}
if (require.main === module) void main();
