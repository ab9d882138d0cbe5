import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type ReadinessCheck = () => Promise<void>;

/**
 * The bot's HTTP surface for operators: `/healthz` (the process answers) and `/readyz` (every
 * dependency answers; 503 naming the ones that do not), and the routes given (the Feishu webhook, the
 * public page): a key is an exact path, or ends in `/*` to serve every path under it (longest wins).
 */
export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export function createHttpServer(
  checks: Record<string, ReadinessCheck>,
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
    if (path === '/readyz') {
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
