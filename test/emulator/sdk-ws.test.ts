import * as lark from '@larksuiteoapi/node-sdk';
import { startEmulator, type Emulator } from '../../emulator/server';
import { waitFor } from '../helpers/wait';
import { TEST_APP, TEST_USERS, testApi, messagesOf, openIdOf } from '../helpers/emulator';

/**
 * The official SDK's WSClient, unchanged, over the emulator's long connection: endpoint discovery,
 * protobuf frames, pings, events, card callbacks answered through the ACK, and reconnection.
 */
describe('official SDK ↔ emulator over the long connection', () => {
  let emu: Emulator;
  let ws: lark.WSClient;
  const texts: string[] = [];
  let ready = false;
  let reconnected = 0;

  beforeAll(async () => {
    emu = await startEmulator({
      apps: [{ ...TEST_APP }],
      users: TEST_USERS,
      wsClientConfig: { PingInterval: 1, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
    });
    const client = new lark.Client({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu.url,
      loggerLevel: lark.LoggerLevel.error,
    });
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
      'im.message.receive_v1': async (data) => {
        texts.push(JSON.parse(data.message.content).text);
        await client.im.message.create({
          params: { receive_id_type: 'chat_id' },
          data: {
            receive_id: data.message.chat_id,
            msg_type: 'interactive',
            content: JSON.stringify({
              schema: '2.0',
              body: {
                elements: [
                  {
                    tag: 'button',
                    text: { tag: 'plain_text', content: '确认' },
                    behaviors: [{ type: 'callback', value: { action: 'ack' } }],
                  },
                ],
              },
            }),
          },
        });
      },
    });
    (dispatcher as unknown as { register(h: Record<string, (d: unknown) => unknown>): void }).register({
      'card.action.trigger': async (data: unknown) => ({
        toast: {
          type: 'success',
          content: `收到 ${(data as { action: { value: { action: string } } }).action.value.action}`,
        },
      }),
    });
    ws = new lark.WSClient({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu.url,
      loggerLevel: lark.LoggerLevel.error,
      onReady: () => (ready = true),
      onReconnected: () => reconnected++,
    } as ConstructorParameters<typeof lark.WSClient>[0]);
    await ws.start({ eventDispatcher: dispatcher });
    await waitFor(() => ready, 'WSClient ready');
  });
  afterAll(async () => {
    ws.close({ force: true });
    await emu.stop();
  });

  it('delivers a message event as a protobuf frame and takes the acknowledgement', async () => {
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const sent = await testApi<{ deliveries: { acknowledged: boolean }[]; chat_id: string }>(
      emu,
      'POST',
      'messages',
      { open_id: peng.openId, text: '/进度' },
    );
    expect(sent.deliveries[0]!.acknowledged).toBe(true);
    expect(texts).toEqual(['/进度']);
    await waitFor(
      async () => (await testApi<unknown[]>(emu, 'GET', `messages?chat_id=${sent.chat_id}`)).length === 2,
      'card sent',
    );
  });

  it('carries a card callback and returns the handler’s toast in the ACK', async () => {
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const card = (await messagesOf(emu, { open_id: peng.openId })).find((m) => m.msg_type === 'interactive')!;
    const outcome = await testApi(emu, 'POST', 'card-actions', {
      open_id: peng.openId,
      message_id: card.message_id,
      value: { action: 'ack' },
    });
    expect(outcome).toMatchObject({ ok: true, toast: { type: 'success', content: '收到 ack' } });
  });

  it('comes back after the connection is dropped, and events flow again', async () => {
    await testApi(emu, 'POST', 'faults', { drop_connections: true });
    await waitFor(() => reconnected > 0, 'reconnected');
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const sent = await testApi<{ deliveries: { acknowledged: boolean }[] }>(emu, 'POST', 'messages', {
      open_id: peng.openId,
      text: '/我的任务',
    });
    expect(sent.deliveries[0]!.acknowledged).toBe(true);
    expect(texts).toEqual(['/进度', '/我的任务']);
  });

  it('refuses endpoint discovery with a wrong secret (code 514, data kept)', async () => {
    const res = await fetch(`${emu.url}/callback/ws/endpoint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ AppID: TEST_APP.appId, AppSecret: 'wrong' }),
    });
    expect(await res.json()).toEqual({ code: 514, msg: 'auth failed', data: {} });
  });
});
