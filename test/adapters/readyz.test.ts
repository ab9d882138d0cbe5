import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFeishuClient } from '../../src/adapters/feishu/client';
import { feishuReadiness } from '../../src/adapters/feishu/readiness';
import { createHttpServers, listen } from '../../src/adapters/http/server';
import { createLogger } from '../../src/adapters/log';
import { startEmulator, type Emulator } from '../../emulator/server';
import { TEST_APP, TEST_USERS } from '../helpers/emulator';

describe('/readyz checks Feishu: the tenant token and an authenticated call', () => {
  let emu: Emulator;
  let servers: { public: Server; ops: Server };
  let feishuCheck: () => Promise<void>;
  const port = (server: Server) => (server.address() as AddressInfo).port;
  const readyz = async () => {
    const res = await fetch(`http://127.0.0.1:${port(servers.ops)}/readyz`);
    return {
      status: res.status,
      body: (await res.json()) as { status: string; checks: Record<string, string> },
    };
  };

  beforeAll(async () => {
    emu = await startEmulator({ apps: [{ ...TEST_APP }], users: TEST_USERS, chats: [] });
    const client = (appSecret: string) =>
      createFeishuClient({ ...TEST_APP, appSecret, domain: emu.url, log: createLogger({ level: 'silent' }) });
    feishuCheck = feishuReadiness(client(TEST_APP.appSecret));
    servers = createHttpServers({
      routes: {},
      checks: {
        feishu: feishuCheck,
        feishu_wrong_secret: feishuReadiness(client('not-the-secret')),
      },
      metrics: (_req, res) => res.end(),
    });
    await listen(servers.public, 0, '127.0.0.1');
    await listen(servers.ops, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await Promise.all([servers.public, servers.ops].map((s) => new Promise((r) => s.close(r))));
    await emu.stop().catch(() => undefined);
  });

  it('is ready when the token can be had, and names the platform’s refusal when it cannot', async () => {
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.checks.feishu).toBe('ok');
    expect(body.checks.feishu_wrong_secret).toMatch(/tenant_access_token.*code: 10003/);
    expect(body.checks.feishu_wrong_secret).not.toContain('not-the-secret');
  });

  it('asks again on a new connection when a request dies on a cut connection, and reports a second cut', async () => {
    const faults = (body: object) =>
      fetch(`${emu.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // The token is held from the first test, so each check makes one call: bot info.
    await faults({ reset_requests: 1 });
    await expect(feishuCheck()).resolves.toBeUndefined();
    await faults({ reset_requests: 2 });
    await expect(feishuCheck()).rejects.toThrow(/socket hang up/);
    await expect(feishuCheck()).resolves.toBeUndefined();
  });

  it('answers 503 naming feishu once the platform is unreachable', async () => {
    await emu.stop();
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.status).toBe('not ready');
    expect(body.checks.feishu).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(body)).not.toContain(TEST_APP.appSecret);
  });

  it('is on the operators’ port only: the public port answers 404 and names nothing', async () => {
    const res = await fetch(`http://127.0.0.1:${port(servers.public)}/readyz`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/feishu|ready/);
  });
});
