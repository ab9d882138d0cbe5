import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpServer } from '../../src/adapters/http/server';

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
