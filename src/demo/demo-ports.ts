import { createServer } from 'node:net';

export interface DemoPorts {
  /** The emulator and its chat console. */
  console: number;
  /** The bot's public HTTP surface (the public page). */
  http: number;
  /** The operators' checks and metrics. */
  ops: number;
}

const DEFAULTS: DemoPorts = { console: 4000, http: 3000, ops: 3001 };
const FLAGS: Record<keyof DemoPorts, string> = { console: '--port', http: '--http-port', ops: '--ops-port' };
const ENV: Record<keyof DemoPorts, string> = { console: 'DEMO_PORT', http: 'HTTP_PORT', ops: 'OPS_PORT' };
/** How far past a busy default port to look for a free one (then any port the system gives). */
const SCAN = 20;

/** Whether `port` can be listened on at 127.0.0.1 now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A port the system has free (listen on 0). */
function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const parsePort = (text: string, source: string): number => {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535)
    throw new Error(`${source} 应为 1–65535 的端口号，而不是「${text}」`);
  return n;
};

/**
 * The demo's ports: each from its flag (`--port`, `--http-port`, `--ops-port`, as `--port 4100` or
 * `--port=4100`), else its environment variable (`DEMO_PORT`, `HTTP_PORT`, `OPS_PORT`), else the default
 * (4000, 3000, 3001). A port asked for must be free (an error says which is busy); a default that is
 * busy (another demo) gives way to the next free port above it. No two of the ports are the same.
 */
export async function resolveDemoPorts(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  isFree: (port: number) => Promise<boolean> = portIsFree,
): Promise<DemoPorts> {
  const out = {} as DemoPorts;
  const taken = new Set<number>();
  for (const key of ['console', 'http', 'ops'] as const) {
    const flag = FLAGS[key];
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    const fromFlag =
      i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.slice(flag.length + 1) : argv[i + 1];
    if (i >= 0 && fromFlag === undefined) throw new Error(`${flag} 后应跟端口号`);
    const asked =
      fromFlag !== undefined
        ? parsePort(fromFlag, flag)
        : env[ENV[key]]
          ? parsePort(env[ENV[key]]!, ENV[key])
          : undefined;
    if (asked !== undefined) {
      if (taken.has(asked) || !(await isFree(asked)))
        throw new Error(`端口 ${asked}（${fromFlag !== undefined ? flag : ENV[key]}）已被占用，请换一个`);
      out[key] = asked;
    } else {
      // Scanning past a busy default skips the other defaults: they belong to the other servers.
      const others = Object.values(DEFAULTS).filter((d) => d !== DEFAULTS[key]);
      let port: number | undefined;
      for (let p = DEFAULTS[key]; p <= DEFAULTS[key] + SCAN && port === undefined; p++)
        if (!taken.has(p) && !others.includes(p) && (await isFree(p))) port = p;
      out[key] = port ?? (await anyFreePort());
    }
    taken.add(out[key]);
  }
  return out;
}
