import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { startEmulator, type Emulator } from '../../emulator/server';
import { signBody } from '../../emulator/crypto';
import { waitFor } from '../helpers/wait';
import { TEST_APP, TEST_USERS, testApi, openIdOf } from '../helpers/emulator';

/** Delivery of events and card callbacks to a webhook that misbehaves on purpose. */
describe('emulator event delivery', () => {
  let emu: Emulator;
  let bot: Server;
  let behaviour: 'ok' | 'error' | 'slow' = 'ok';
  /** Answer this many more requests with HTTP 500 before behaving. */
  let failNext = 0;
  const seen: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    bot = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        if (behaviour === 'error' || failNext-- > 0) return void res.writeHead(500).end();
        const reply = () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"toast":{"type":"info","content":"好"}}');
        if (behaviour === 'slow') setTimeout(reply, 1500);
        else reply();
      });
    });
    bot.listen(0, '127.0.0.1');
    await once(bot, 'listening');
    emu = await startEmulator({
      apps: [{ ...TEST_APP, eventUrl: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/` }],
      users: TEST_USERS,
      // The platform's 3 s and 15 s/5 min/1 h/6 h, scaled down.
      events: { ackTimeoutMs: 1000, retryDelaysMs: [20, 40, 60, 80] },
    });
  });
  afterAll(async () => {
    await emu.stop();
    bot.closeAllConnections();
    await new Promise((r) => bot.close(r));
  });
  beforeEach(async () => {
    seen.length = 0;
    behaviour = 'ok';
    failNext = 0;
    await testApi(emu, 'POST', 'reset');
  });

  it('encrypts and signs as the platform does: the SDK’s cipher decrypts, the signature covers the body', async () => {
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    await testApi(emu, 'POST', 'messages', { open_id: peng.openId, text: '你好' });
    const { headers, body } = seen[0]!;
    const ts = headers['x-lark-request-timestamp'] as string;
    const nonce = headers['x-lark-request-nonce'] as string;
    expect(headers['x-lark-signature']).toBe(signBody(ts, nonce, TEST_APP.encryptKey, body));
    const event = JSON.parse(new lark.AESCipher(TEST_APP.encryptKey).decrypt(JSON.parse(body).encrypt));
    expect(event).toMatchObject({
      schema: '2.0',
      header: {
        event_type: 'im.message.receive_v1',
        token: TEST_APP.verificationToken,
        app_id: TEST_APP.appId,
        event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
      event: {
        sender: { sender_id: { open_id: peng.openId }, sender_type: 'user' },
        message: { chat_type: 'p2p', message_type: 'text', content: '{"text":"你好"}' },
      },
    });
  });

  it('retries an event the bot did not acknowledge, on the schedule, until it is', async () => {
    // The bot answers 500 twice, then 200: counted, not timed, so a busy machine cannot add a third failure.
    failNext = 2;
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const sent = await testApi<{ deliveries: { eventId: string }[] }>(emu, 'POST', 'messages', {
      open_id: peng.openId,
      text: '重试',
    });
    type Delivery = { eventId: string; acknowledged: boolean; attempts: { outcome: unknown }[] };
    await waitFor(
      async () => (await testApi<Delivery[]>(emu, 'GET', 'deliveries'))[0]?.acknowledged === true,
      'the event acknowledged',
    );
    const [d] = await testApi<Delivery[]>(emu, 'GET', 'deliveries');
    expect(d!.eventId).toBe(sent.deliveries[0]!.eventId);
    expect(d!.attempts.map((a) => a.outcome)).toEqual(['HTTP 500', 'HTTP 500', 200]);
    expect(d!.acknowledged).toBe(true);
    const ids = seen.map(
      (s) =>
        JSON.parse(new lark.AESCipher(TEST_APP.encryptKey).decrypt(JSON.parse(s.body).encrypt)).header
          .event_id,
    );
    expect(new Set(ids)).toEqual(new Set([d!.eventId])); // a redelivery keeps its event_id
  });

  it('gives up after four retries', async () => {
    behaviour = 'error';
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    await testApi(emu, 'POST', 'messages', { open_id: peng.openId, text: '一直失败' });
    await waitFor(
      async () =>
        (await testApi<{ attempts: unknown[] }[]>(emu, 'GET', 'deliveries'))[0]!.attempts.length === 5,
    );
    await new Promise((r) => setTimeout(r, 200)); // and no sixth attempt comes
    const [d] = await testApi<{ acknowledged: boolean; attempts: unknown[] }[]>(emu, 'GET', 'deliveries');
    expect(d!.attempts).toHaveLength(5);
    expect(d!.acknowledged).toBe(false);
  });

  it('fails a card callback the bot answers too late, as the client does (200341)', async () => {
    const t = (await (
      await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: TEST_APP.appId, app_secret: TEST_APP.appSecret }),
      })
    ).json()) as { tenant_access_token: string };
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const card = {
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'button',
            text: { tag: 'plain_text', content: '批准' },
            behaviors: [{ type: 'callback', value: { action: 'draw.approve' } }],
          },
        ],
      },
    };
    const sent = (await (
      await fetch(`${emu.url}/open-apis/im/v1/messages?receive_id_type=open_id`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.tenant_access_token}` },
        body: JSON.stringify({
          receive_id: peng.openId,
          msg_type: 'interactive',
          content: JSON.stringify(card),
        }),
      })
    ).json()) as { data: { message_id: string } };
    behaviour = 'slow';
    const late = await testApi(emu, 'POST', 'card-actions', {
      open_id: peng.openId,
      message_id: sent.data.message_id,
      value: { action: 'draw.approve' },
    });
    expect(late).toMatchObject({ ok: false, errorCode: 200341 });
    behaviour = 'ok';
    expect(
      await testApi(emu, 'POST', 'card-actions', {
        open_id: peng.openId,
        message_id: sent.data.message_id,
        value: { action: 'draw.approve' },
      }),
    ).toMatchObject({
      ok: true,
      toast: { type: 'info', content: '好' },
    });
    await testApi(emu, 'POST', 'faults', { duplicate_deliveries: 2 });
    seen.length = 0;
    await testApi(emu, 'POST', 'card-actions', {
      open_id: peng.openId,
      message_id: sent.data.message_id,
      value: { action: 'draw.approve' },
    });
    expect(seen).toHaveLength(3);
  });

  it('answers the Open API with 5xx while a fault is injected', async () => {
    await testApi(emu, 'POST', 'faults', { errors_for_ms: 60_000 });
    const res = await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(500);
    await testApi(emu, 'POST', 'reset');
    expect(
      (
        await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          body: '{}',
        })
      ).status,
    ).toBe(200);
  });

  it('adds the injected latency to every Open API call', async () => {
    await testApi(emu, 'POST', 'faults', { latency_ms: 300 });
    const started = Date.now();
    await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', body: '{}' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
