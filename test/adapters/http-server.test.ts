import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpServer, createHttpServers, listen, type Route } from '../../src/adapters/http/server';

describe('operator HTTP surface', () => {
  let server: Server;
  let redisUp = true;
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  beforeAll(async () => {
    server = createHttpServer({
      mongodb: async () => undefined,
      redis: async () => {
        if (!redisUp) throw new Error('connection refused');
      },
      slow: () => new Promise<void>(() => undefined).catch(() => undefined) as Promise<void>,
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('answers /healthz while the process lives', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 naming each dependency that fails or hangs', async () => {
    redisUp = false;
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not ready',
      checks: { mongodb: 'ok', redis: 'connection refused', slow: 'no answer within 2000 ms' },
    });
  });

  it('refuses other paths and methods', async () => {
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
    expect((await fetch(`${base()}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('routes by exact path or by prefix', () => {
  let server: Server;
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answer =
    (name: string): Route =>
    (req, res) =>
      res.end(`${name} ${req.method} ${req.url}`);

  beforeAll(async () => {
    server = createHttpServer(
      {},
      {
        '/public': answer('page'),
        '/public/*': answer('under'),
        '/public/draws/*': answer('draws'),
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const text = async (path: string, method = 'GET') => (await fetch(`${base()}${path}`, { method })).text();

  it('serves an exact path before any prefix, and the longest prefix under it', async () => {
    expect(await text('/public?year=2026')).toBe('page GET /public?year=2026');
    expect(await text('/public/style.css')).toBe('under GET /public/style.css');
    expect(await text('/public/draws/CC2026-04-R1-01/record.json')).toBe(
      'draws GET /public/draws/CC2026-04-R1-01/record.json',
    );
    // The route decides about methods itself.
    expect(await text('/public/x', 'POST')).toBe('under POST /public/x');
  });

  it('does not treat a prefix as a path of its own or match a longer word', async () => {
    expect((await fetch(`${base()}/publicity`)).status).toBe(404);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });
});

describe('two ports: the public one and the operators’ one', () => {
  let servers: ReturnType<typeof createHttpServers>;
  const ports = { public: 0, ops: 0 };
  const get = async (which: 'public' | 'ops', path: string) => {
    const res = await fetch(`http://127.0.0.1:${ports[which]}${path}`);
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    servers = createHttpServers({
      routes: { '/public': (_req, res) => res.end('page'), '/feishu/events': (_req, res) => res.end('hook') },
      checks: { mongodb: async () => undefined },
      metrics: (_req, res) => res.end('# metrics'),
    });
    ports.public = await listen(servers.public, 0, '127.0.0.1');
    ports.ops = await listen(servers.ops, 0, '127.0.0.1');
  });
  afterAll(() => Promise.all([servers.public, servers.ops].map((s) => new Promise((r) => s.close(r)))));

  it('serves /readyz and /metrics on the ops port only, and /healthz on both', async () => {
    expect(await get('ops', '/readyz')).toEqual({
      status: 200,
      text: JSON.stringify({ status: 'ready', checks: { mongodb: 'ok' } }),
    });
    expect(await get('ops', '/metrics')).toEqual({ status: 200, text: '# metrics' });
    expect((await get('public', '/readyz')).status).toBe(404);
    expect((await get('public', '/metrics')).status).toBe(404);
    expect((await get('public', '/readyz')).text).not.toContain('mongodb');
    for (const which of ['public', 'ops'] as const)
      expect(await get(which, '/healthz')).toEqual({ status: 200, text: '{"status":"ok"}' });
  });

  it('keeps the public page and the webhook on the public port only', async () => {
    expect(await get('public', '/public')).toEqual({ status: 200, text: 'page' });
    expect(await get('public', '/feishu/events')).toEqual({ status: 200, text: 'hook' });
    expect((await get('ops', '/public')).status).toBe(404);
    expect((await get('ops', '/feishu/events')).status).toBe(404);
  });

  it('refuses to put an operators’ path on the public port', () => {
    for (const path of ['/metrics', '/readyz'])
      expect(() =>
        createHttpServers({ routes: { [path]: () => undefined }, checks: {}, metrics: () => undefined }),
      ).toThrow(`${path} belongs on the ops port`);
  });

  it('rejects when the port is taken', async () => {
    const other = createHttpServer(null);
    await expect(listen(other, ports.ops, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
  });
});
