import { encryptEvent, signBody } from '../../emulator/crypto';
import {
  decryptEvent,
  handleWebhook,
  webhookRoute,
  WebhookRejection,
} from '../../src/adapters/feishu/webhook';

const KEY = 'encrypt-key-xyz';
const TOKEN = 'verify-token-abc';
const NOW = new Date('2026-11-26T02:00:00Z');
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));

function setup() {
  const messages: unknown[] = [];
  const actions: unknown[] = [];
  const opts = {
    encryptKey: KEY,
    verificationToken: TOKEN,
    onMessage: async (e: unknown) => void messages.push(e),
    onCardAction: async (e: unknown) => {
      actions.push(e);
      return { toast: { type: 'success', content: 'ok' } };
    },
    onError: (e: unknown) => {
      throw e;
    },
    now: () => NOW,
  };
  return { opts, messages, actions };
}

/** A request as the platform sends it: encrypted body, signed headers (each part overridable). */
function request(
  envelope: object,
  over: { key?: string; timestamp?: string; nonce?: string; signature?: string; body?: string } = {},
) {
  const body =
    over.body ?? JSON.stringify({ encrypt: encryptEvent(over.key ?? KEY, JSON.stringify(envelope)) });
  const timestamp = over.timestamp ?? seconds(NOW);
  const nonce = over.nonce ?? 'n0nce';
  return {
    headers: {
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': over.signature ?? signBody(timestamp, nonce, KEY, body),
    },
    body,
  };
}
const envelope = (type: string, token = TOKEN) => ({
  schema: '2.0',
  header: { event_id: 'evt-1', token, event_type: type, create_time: '1', app_id: 'cli_x', tenant_key: 't' },
  event: { operator: { open_id: 'ou_1' }, action: { value: { action: 'draw.approve' } } },
});
const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof WebhookRejection) return [err.status, err.message];
    throw err;
  }
  return 'accepted';
};

describe('webhook transport: what it accepts and what it refuses', () => {
  it('decrypts the platform’s documented test vector', () => {
    expect(decryptEvent('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  it('hands a genuine card action to the router and returns its answer; a message is acknowledged at once', async () => {
    const { opts, actions, messages } = setup();
    const r = request(envelope('card.action.trigger'));
    expect(await handleWebhook(opts, r.headers, r.body)).toEqual({
      toast: { type: 'success', content: 'ok' },
    });
    expect(actions).toEqual([{ ...envelope('card.action.trigger').event, event_id: 'evt-1' }]);
    const m = request(envelope('im.message.receive_v1'));
    expect(await handleWebhook(opts, m.headers, m.body)).toEqual({});
    await new Promise((res) => setImmediate(res));
    expect(messages).toHaveLength(1);
  });

  it('refuses a bad signature, a replay outside the window, a wrong token, an unencrypted or garbled body', async () => {
    const { opts, actions } = setup();
    const r = request(envelope('card.action.trigger'));
    const cases: [string, ReturnType<typeof request>][] = [
      ['signature', { ...r, headers: { ...r.headers, 'x-lark-signature': 'f'.repeat(64) } }],
      ['body changed after signing', { ...r, body: r.body.replace(/.$/, ' }') }],
      [
        'old',
        request(envelope('card.action.trigger'), { timestamp: seconds(new Date(NOW.getTime() - 301_000)) }),
      ],
      [
        'future',
        request(envelope('card.action.trigger'), { timestamp: seconds(new Date(NOW.getTime() + 301_000)) }),
      ],
      ['token', request(envelope('card.action.trigger', 'not-the-token'))],
      ['wrong key', request(envelope('card.action.trigger'), { key: 'another-key' })],
      ['plain', request({}, { body: JSON.stringify(envelope('card.action.trigger')) })],
      ['not json', request({}, { body: 'hello' })],
    ];
    const out = await Promise.all(cases.map(([, c]) => rejection(handleWebhook(opts, c.headers, c.body))));
    expect(Object.fromEntries(cases.map(([name], i) => [name, out[i]]))).toEqual({
      signature: [401, 'bad signature'],
      'body changed after signing': [401, 'bad signature'],
      old: [401, 'stale request'],
      future: [401, 'stale request'],
      token: [401, 'bad verification token'],
      'wrong key': [400, 'cannot decrypt'],
      plain: [400, 'expected an encrypted body'],
      'not json': [400, 'not JSON'],
    });
    const unsigned = { ...r, headers: {} };
    expect(await rejection(handleWebhook(opts, unsigned.headers, unsigned.body))).toEqual([
      401,
      'unsigned request',
    ]);
    expect(actions).toEqual([]);
  });

  it('answers the URL challenge only with the right token', async () => {
    const { opts } = setup();
    const challenge = (token: string) =>
      JSON.stringify({
        encrypt: encryptEvent(KEY, JSON.stringify({ type: 'url_verification', challenge: 'c-1', token })),
      });
    expect(await handleWebhook(opts, {}, challenge(TOKEN))).toEqual({ challenge: 'c-1' });
    expect(await rejection(handleWebhook(opts, {}, challenge('nope')))).toEqual([
      401,
      'bad verification token',
    ]);
  });

  it('will not start without both secrets', () => {
    const { opts } = setup();
    expect(() => webhookRoute({ ...opts, encryptKey: '' })).toThrow(
      'webhook transport needs FEISHU_ENCRYPT_KEY',
    );
    expect(() => webhookRoute({ ...opts, verificationToken: '' })).toThrow('FEISHU_VERIFICATION_TOKEN');
  });
});
