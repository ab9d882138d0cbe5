import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { startEmulator, type Emulator } from '../../emulator/server';
import { TEST_APP, TEST_USERS, testApi, messagesOf, openIdOf } from '../helpers/emulator';

/** A card as the bot would send it (schema 2.0, a button and a form). */
const helloCard = (title: string) => ({
  schema: '2.0',
  header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
  body: {
    elements: [
      { tag: 'markdown', content: '**双随机、一公开** 抽查助手' },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '知道了' },
        type: 'primary',
        behaviors: [{ type: 'callback', value: { action: 'help.ack' } }],
      },
      {
        tag: 'form',
        name: 'report',
        elements: [
          { tag: 'input', name: 'findings', placeholder: { tag: 'plain_text', content: '检查情况' } },
          {
            tag: 'button',
            name: 'submit',
            text: { tag: 'plain_text', content: '提交' },
            form_action_type: 'submit',
            behaviors: [{ type: 'callback', value: { action: 'report.submit' } }],
          },
        ],
      },
    ],
  },
});

/**
 * The official SDK, unchanged, against the emulator over the webhook transport: token, send a card,
 * an encrypted and signed message event, a card action answered with a toast and a new card.
 */
describe('official SDK ↔ emulator over webhook', () => {
  let emu: Emulator;
  let bot: Server;
  const received: { event_id: string; text: string }[] = [];

  beforeAll(async () => {
    // The emulator first (its URL is the SDK's `domain`), then the bot, then the bot's URL in the app settings.
    emu = await startEmulator({ apps: [{ ...TEST_APP }], users: TEST_USERS });
    const client = new lark.Client({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu.url,
      loggerLevel: lark.LoggerLevel.error,
    });
    const dispatcher = new lark.EventDispatcher({
      encryptKey: TEST_APP.encryptKey,
      verificationToken: TEST_APP.verificationToken,
      loggerLevel: lark.LoggerLevel.error,
    }).register({
      'im.message.receive_v1': async (data) => {
        received.push({
          event_id: (data as unknown as { event_id: string }).event_id,
          text: JSON.parse(data.message.content).text,
        });
        await client.im.message.create({
          params: { receive_id_type: 'chat_id' },
          data: {
            receive_id: data.message.chat_id,
            msg_type: 'interactive',
            content: JSON.stringify(helloCard('帮助')),
          },
        });
      },
    });
    (dispatcher as unknown as { register(h: Record<string, (d: unknown) => unknown>): void }).register({
      'card.action.trigger': async (data: unknown) => {
        const action = (data as { action: { value: { action: string }; form_value?: { findings?: string } } })
          .action;
        return {
          toast: { type: 'success', content: `已处理 ${action.value.action}` },
          card: { type: 'raw', data: helloCard(`已提交：${action.form_value?.findings ?? '无'}`) },
        };
      },
    });
    bot = createServer(lark.adaptDefault('/webhook/event', dispatcher, { autoChallenge: true }));
    bot.listen(0, '127.0.0.1');
    await once(bot, 'listening');
    await testApi(emu, 'POST', `apps/${TEST_APP.appId}`, {
      event_url: `http://127.0.0.1:${(bot.address() as AddressInfo).port}/webhook/event`,
    });
  });
  afterAll(async () => {
    await emu.stop();
    bot.closeAllConnections();
    await new Promise((r) => bot.close(r));
  });

  it('delivers an encrypted, signed message event that the SDK accepts, and takes the card the bot sends', async () => {
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const sent = await testApi<{
      chat_id: string;
      deliveries: { acknowledged: boolean; attempts: { outcome: unknown }[] }[];
    }>(emu, 'POST', 'messages', { open_id: peng.openId, text: '/帮助' });
    expect(sent.deliveries).toHaveLength(1);
    expect(sent.deliveries[0]).toMatchObject({ acknowledged: true, attempts: [{ outcome: 200 }] });
    expect(received.map((r) => r.text)).toEqual(['/帮助']);
    const messages = await testApi<
      {
        msg_type: string;
        sender: { sender_type: string };
        content: { header: { title: { content: string } } };
      }[]
    >(emu, 'GET', `messages?chat_id=${sent.chat_id}`);
    expect(messages.map((m) => [m.sender.sender_type, m.msg_type])).toEqual([
      ['user', 'text'],
      ['app', 'interactive'],
    ]);
    expect(messages[1]!.content.header.title.content).toBe('帮助');
  });

  it('answers a form submission with a toast and replaces the card in place', async () => {
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const sent = (await messagesOf(emu, { open_id: peng.openId })).find((m) => m.msg_type === 'interactive')!;
    const outcome = await testApi<{ ok: boolean; toast: unknown }>(emu, 'POST', 'card-actions', {
      open_id: peng.openId,
      message_id: sent.message_id,
      value: { action: 'report.submit' },
      name: 'submit',
      form_value: { findings: '消防通道畅通' },
    });
    expect(outcome).toMatchObject({ ok: true, toast: { type: 'success', content: '已处理 report.submit' } });
    const card = (await messagesOf(emu, { open_id: peng.openId })).find(
      (m) => m.message_id === sent.message_id,
    )!;
    expect(card.versions.map((v) => v.via)).toEqual(['send', 'callback']);
    expect(card.content.header.title.content).toBe('已提交：消防通道畅通');
  });

  it('rejects a card the platform would reject, with its error code, through the SDK', async () => {
    const client = new lark.Client({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu.url,
      loggerLevel: lark.LoggerLevel.fatal,
    });
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const legacy = { elements: [{ tag: 'action', actions: [] }] };
    const error = await client.im.message
      .create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: peng.openId, msg_type: 'interactive', content: JSON.stringify(legacy) },
      })
      .then(
        () => null,
        (e: { response?: { status: number; data: { code: number; msg: string } } }) => e.response,
      );
    expect(error?.status).toBe(400);
    expect(error?.data.code).toBe(230099);
    expect(error?.data.msg).toMatch(/schema must be "2.0"[\s\S]*elements at the top level is JSON 1.0/);
  });
});
