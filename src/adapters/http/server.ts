import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReadinessCheck = () => Promise<void>;

/** A handler for one path, or every path under a `/*` key. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * One HTTP server: `/healthz` (the process answers), `/readyz` when `checks` are given (every dependency
 * answers; 503 naming the ones that do not; `null`: no `/readyz` here, 404), and the routes given: a key
 * is an exact path, or ends in `/*` to serve every path under it (longest wins).
 */
export function createHttpServer(
  checks: Record<string, ReadinessCheck> | null,
  routes: Record<string, Route> = {},
): Server {
  return createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path] ?? prefixRoute(routes, path);
    if (route) return route(req, res);
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz' && checks) {
      void Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 2000);
            return [name, 'ok'] as const;
          } catch (err) {
            return [name, (err as Error).message || 'failed'] as const;
          }
        }),
      ).then((results) => {
        const ok = results.every(([, r]) => r === 'ok');
        send(ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
      });
      return;
    }
    send(404, { error: 'not found' });
  });
}

/** What only operators may read: served on the ops port, never on the public one. */
export const OPS_PATHS = ['/readyz', '/metrics'] as const;

/**
 * The bot's two servers. `public` (HTTP_PORT, reachable from outside): the given routes — the public
 * page, the Feishu webhook — and `/healthz`. `ops` (OPS_PORT, 127.0.0.1 by default): `/healthz`, `/readyz`
 * over `checks` (read at each request, so checks added later count) and `/metrics`.
 */
export function createHttpServers(opts: {
  routes: Record<string, Route>;
  checks: Record<string, ReadinessCheck>;
  metrics: Route;
}): { public: Server; ops: Server } {
  for (const path of OPS_PATHS)
    if (path in opts.routes) throw new Error(`${path} belongs on the ops port, not the public one`);
  return {
    public: createHttpServer(null, opts.routes),
    ops: createHttpServer(opts.checks, { '/metrics': opts.metrics }),
  };
}

/** Listens on `host:port` (0: any free port) and resolves with the port; rejects if it cannot. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  server.listen(port, host);
  await once(server, 'listening'); // rejects on 'error' (EADDRINUSE)
  return (server.address() as AddressInfo).port;
}

function prefixRoute(routes: Record<string, Route>, path: string): Route | undefined {
  let best: string | undefined;
  for (const key of Object.keys(routes))
    if (key.endsWith('/*') && path.startsWith(key.slice(0, -1)) && key.length > (best?.length ?? 0))
      best = key;
  return best === undefined ? undefined : routes[best];
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
