import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { encryptEvent, signBody } from '../../emulator/crypto';
import {
  decryptEvent,
  webhookHandler,
  webhookRoute,
  WebhookRejection,
} from '../../src/adapters/feishu/webhook';
import { createLogger } from '../../src/adapters/log';
import { createMetrics, type Metrics } from '../../src/adapters/metrics';

const KEY = 'encrypt-key-xyz';
const TOKEN = 'verify-token-abc';
const NOW = new Date('2026-11-26T02:00:00Z');
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));

/** A logger writing into memory, and its lines parsed (as test/adapters/log.test.ts captures them). */
function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger({ level: 'debug', secrets: [KEY, TOKEN], destination });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function setup(over: Record<string, unknown> = {}) {
  const messages: unknown[] = [];
  const actions: unknown[] = [];
  const memory = memoryLogger();
  const metrics = createMetrics();
  const opts = {
    encryptKey: KEY,
    verificationToken: TOKEN,
    // The router's entry as the adapter sees it: a click gets an answer, any other event none.
    dispatch: async ({ type, event }: { type: string; event: unknown }) => {
      if (type !== 'card.action.trigger') return (void messages.push(event), {});
      actions.push(event);
      return { answer: { toast: { type: 'success', content: 'ok' } } };
    },
    onError: (e: unknown) => {
      throw e;
    },
    now: () => NOW,
    log: memory.log,
    metrics,
    minRefusalMs: 0,
    ...over,
  };
  return { opts, messages, actions, memory, metrics };
}

/** A request as the platform sends it: encrypted body, signed headers (each part overridable). */
function request(
  envelope: unknown,
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
    } as Record<string, string>,
    body,
  };
}
/** The same body with no signature headers: all an attacker without the encrypt key can send. */
const unsigned = (body: string) => ({ headers: {} as Record<string, string>, body });
const encrypted = (plaintext: string, key = KEY) => JSON.stringify({ encrypt: encryptEvent(key, plaintext) });
const challenge = (token: string, extra: object = {}) =>
  JSON.stringify({ type: 'url_verification', challenge: 'c-1', token, ...extra });

const envelope = (type: string, token = TOKEN) => ({
  schema: '2.0',
  header: { event_id: 'evt-1', token, event_type: type, create_time: '1', app_id: 'cli_x', tenant_key: 't' },
  event: { operator: { open_id: 'ou_1' }, action: { value: { action: 'draw.approve' } } },
});

/** One sample of the rejection counter (0 when the label was never seen). */
async function rejected(metrics: Metrics, reason: string): Promise<number> {
  const { values } = await metrics.webhookRejected.get();
  return values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

describe('webhook transport: the handler', () => {
  it('decrypts the platform’s documented test vector', () => {
    expect(decryptEvent('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  it('hands a genuine card action to the router and returns its answer; a message is acknowledged at once', async () => {
    const { opts, actions, messages } = setup();
    const handle = webhookHandler(opts);
    const r = request(envelope('card.action.trigger'));
    expect(await handle({ ...r, remote: '10.0.0.1' })).toEqual({
      toast: { type: 'success', content: 'ok' },
    });
    expect(actions).toEqual([{ ...envelope('card.action.trigger').event, event_id: 'evt-1' }]);
    const m = request(envelope('im.message.receive_v1'));
    expect(await handle({ ...m, remote: '10.0.0.1' })).toEqual({});
    await new Promise((res) => setImmediate(res));
    expect(messages).toHaveLength(1);
  });

  it('checks the signature over the raw bytes before it reads the body', async () => {
    const { opts } = setup();
    const handle = webhookHandler(opts);
    const reason = async (r: { headers: Record<string, string>; body: string | Buffer }) => {
      try {
        await handle({ ...r, remote: '10.0.0.1' });
      } catch (err) {
        if (err instanceof WebhookRejection) return err.reason;
        throw err;
      }
      return 'accepted';
    };
    // Garbage with a wrong signature is a bad signature, never "not JSON" or "cannot decrypt".
    expect(await reason(request(null, { body: 'hello', signature: 'f'.repeat(64) }))).toBe('bad_signature');
    expect(
      await reason(request(null, { body: JSON.stringify({ encrypt: 'AAAA' }), signature: '0'.repeat(64) })),
    ).toBe('bad_signature');
    // Stale is decided before the body is read too.
    expect(
      await reason(request(null, { body: 'hello', timestamp: seconds(new Date(NOW.getTime() - 301_000)) })),
    ).toBe('stale');
    // Bytes that are not UTF-8, signed as bytes: the signature holds, the body is then unreadable.
    const raw = Buffer.concat([Buffer.from('{"encrypt":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const ts = seconds(NOW);
    const { createHash } = await import('node:crypto');
    const sig = createHash('sha256')
      .update(Buffer.concat([Buffer.from(ts + 'n' + KEY), raw]))
      .digest('hex');
    expect(
      await reason({
        headers: { 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n', 'x-lark-signature': sig },
        body: raw,
      }),
    ).toBe('malformed');
  });
});

describe('webhook transport over HTTP: refusals are uniform, logged once and counted', () => {
  let server: Server;
  let ctx: ReturnType<typeof setup>;
  let route: ReturnType<typeof webhookRoute>;
  beforeAll(async () => {
    server = createServer((req, res) => route(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(() => new Promise((r) => server.close(r)));
  const use = (over: Record<string, unknown> = {}) => {
    ctx = setup(over);
    route = webhookRoute(ctx.opts);
    return ctx;
  };
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const post = async (r: { headers: Record<string, string>; body: string }) => {
    const res = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...r.headers },
      body: r.body,
    });
    return { status: res.status, text: await res.text() };
  };
  const UNAUTHORIZED = { status: 401, text: '{"error":"unauthorized"}' };

  it('answers every unauthenticated request byte for byte the same, with one warning and one count each', async () => {
    const { memory, metrics, actions } = use({ unsignedPerMinute: 100 });
    const r = request(envelope('card.action.trigger'));
    const cases: [string, { headers: Record<string, string>; body: string }, string][] = [
      ['unsigned garbage', unsigned('hello'), 'unsigned'],
      ['unsigned empty body', unsigned(''), 'unsigned'],
      ['unsigned bad ciphertext', unsigned(JSON.stringify({ encrypt: 'A'.repeat(64) })), 'unsigned'],
      ['unsigned short ciphertext', unsigned(JSON.stringify({ encrypt: 'AAAA' })), 'unsigned'],
      ['unsigned ciphertext of non-JSON', unsigned(encrypted('not json')), 'unsigned'],
      ['unsigned ciphertext of null', unsigned(encrypted('null')), 'unsigned'],
      ['unsigned ciphertext of a number', unsigned(encrypted('42')), 'unsigned'],
      ['unsigned ciphertext of {}', unsigned(encrypted('{}')), 'unsigned'],
      ['unsigned genuine event (signature stripped)', unsigned(r.body), 'unsigned'],
      ['unsigned challenge, plain', unsigned(challenge(TOKEN)), 'unsigned'],
      ['unsigned challenge under another key', unsigned(encrypted(challenge(TOKEN), 'another')), 'unsigned'],
      [
        'unsigned challenge, no challenge value',
        unsigned(encrypted(challenge(TOKEN, { challenge: 7 }))),
        'unsigned',
      ],
      ['unsigned challenge, wrong token', unsigned(encrypted(challenge('nope'))), 'bad_token'],
      [
        'signature only, no timestamp',
        { headers: { 'x-lark-signature': 'f'.repeat(64) }, body: r.body },
        'unsigned',
      ],
      [
        'wrong signature',
        { ...r, headers: { ...r.headers, 'x-lark-signature': 'f'.repeat(64) } },
        'bad_signature',
      ],
      [
        'wrong signature over garbage',
        request(null, { body: 'hello', signature: 'f'.repeat(64) }),
        'bad_signature',
      ],
      ['body changed after signing', { ...r, body: r.body.replace(/.$/, ' }') }, 'bad_signature'],
      [
        'stale',
        request(envelope('card.action.trigger'), { timestamp: seconds(new Date(NOW.getTime() - 301_000)) }),
        'stale',
      ],
      [
        'future',
        request(envelope('card.action.trigger'), { timestamp: seconds(new Date(NOW.getTime() + 301_000)) }),
        'stale',
      ],
      [
        'timestamp not a number',
        request(envelope('card.action.trigger'), { timestamp: 'yesterday' }),
        'stale',
      ],
      ['signed, wrong token', request(envelope('card.action.trigger', 'not-the-token')), 'bad_token'],
    ];
    for (const [what, req, reason] of cases) {
      const before = memory.lines.length;
      const count = await rejected(metrics, reason);
      expect([what, await post(req)]).toEqual([what, UNAUTHORIZED]);
      const lines = memory.entries().slice(before);
      expect([what, lines]).toEqual([
        what,
        [
          expect.objectContaining({
            level: 'warn',
            reason,
            remote: expect.stringMatching(/127\.0\.0\.1$/),
            bytes: Buffer.byteLength(req.body),
          }),
        ],
      ]);
      // Never the body, nor anything decrypted from it.
      const line = memory.lines.slice(before).join('\n');
      if (req.body.length > 8) expect([what, line]).not.toEqual([what, expect.stringContaining(req.body)]);
      expect(line).not.toMatch(/encrypt"|challenge"|c-1|not-the-token|nope|hello/);
      expect([what, await rejected(metrics, reason)]).toEqual([what, count + 1]);
    }
    expect(actions).toEqual([]);
    // The bodies of refusals and the counters agree: nothing else was counted.
    const total = (await metrics.webhookRejected.get()).values.reduce((n, v) => n + v.value, 0);
    expect(total).toBe(cases.length);
  });

  it('answers an unsigned URL challenge with the right token, and logs nothing for it', async () => {
    const { memory } = use();
    expect(await post(unsigned(encrypted(challenge(TOKEN))))).toEqual({
      status: 200,
      text: '{"challenge":"c-1"}',
    });
    // Signed (should the platform ever sign it): answered too.
    expect(await post(request(JSON.parse(challenge(TOKEN))))).toEqual({
      status: 200,
      text: '{"challenge":"c-1"}',
    });
    expect(memory.lines).toEqual([]);
  });

  it('decrypts no unsigned request when challenges are off, and limits unsigned requests per address', async () => {
    const off = use({ answerChallenges: false });
    expect(await post(unsigned(encrypted(challenge(TOKEN))))).toEqual(UNAUTHORIZED);
    expect(off.memory.entries()).toEqual([expect.objectContaining({ reason: 'unsigned' })]);
    // A signed event still goes through.
    expect((await post(request(envelope('card.action.trigger')))).status).toBe(200);

    const limited = use({ unsignedPerMinute: 2 });
    expect(await post(unsigned('hello'))).toEqual(UNAUTHORIZED);
    expect(await post(unsigned('hello'))).toEqual(UNAUTHORIZED);
    // The third in the minute, even a genuine challenge: the same answer, not decrypted.
    expect(await post(unsigned(encrypted(challenge(TOKEN))))).toEqual(UNAUTHORIZED);
    expect(limited.memory.entries().map((e) => e.reason)).toEqual([
      'unsigned',
      'unsigned',
      'unsigned_limited',
    ]);
    expect(await rejected(limited.metrics, 'unsigned_limited')).toBe(1);
    // Signed requests are not limited.
    expect((await post(request(envelope('card.action.trigger')))).status).toBe(200);
  });

  it('takes at least minRefusalMs to refuse, whatever failed', async () => {
    use({ minRefusalMs: 150 });
    for (const body of ['hello', encrypted('not json')]) {
      const start = Date.now();
      expect(await post(unsigned(body))).toEqual(UNAUTHORIZED);
      expect(Date.now() - start).toBeGreaterThanOrEqual(145);
    }
  });

  it('answers 400 to a signed body that is not an event, naming its event id, with no exception', async () => {
    const { memory, metrics } = use();
    const BAD_REQUEST = { status: 400, text: '{"error":"bad request"}' };
    const noEvent = { schema: '2.0', header: { event_id: 'evt-no-event', token: TOKEN, event_type: 'x' } };
    const cases: [string, { headers: Record<string, string>; body: string }, string | undefined][] = [
      ['{}', request({}), undefined],
      ['envelope without event', request(noEvent), 'evt-no-event'],
      ['event not an object', request({ ...noEvent, event: 'x' }), 'evt-no-event'],
      ['null', request(null), undefined],
      ['an array', request([1]), undefined],
      ['encrypted with another key', request(envelope('card.action.trigger'), { key: 'another' }), undefined],
      ['not encrypted', request(null, { body: JSON.stringify(envelope('card.action.trigger')) }), undefined],
      ['not JSON', request(null, { body: 'hello' }), undefined],
    ];
    for (const [what, req, eventId] of cases) {
      const before = memory.lines.length;
      expect([what, await post(req)]).toEqual([what, BAD_REQUEST]);
      const lines = memory.entries().slice(before);
      expect([what, lines]).toEqual([
        what,
        [expect.objectContaining({ level: 'warn', reason: 'malformed', bytes: Buffer.byteLength(req.body) })],
      ]);
      expect(lines[0]!.eventId).toBe(eventId);
    }
    expect(await rejected(metrics, 'malformed')).toBe(cases.length);
  });

  it('refuses other methods (405) and oversized bodies (413), logged and counted, nothing echoed', async () => {
    const { memory, metrics } = use({ maxBodyBytes: 1000 });
    const get = await fetch(url());
    expect([get.status, await get.text()]).toEqual([405, '{"error":"method not allowed"}']);
    const big = 'x'.repeat(5000);
    expect(await post(unsigned(big))).toEqual({ status: 413, text: '{"error":"too large"}' });
    expect(memory.entries()).toEqual([
      expect.objectContaining({ level: 'warn', reason: 'method', bytes: 0 }),
      expect.objectContaining({ level: 'warn', reason: 'too_large', bytes: 5000 }),
    ]);
    expect(memory.lines.join('\n')).not.toContain('xxxx');
    expect(await rejected(metrics, 'method')).toBe(1);
    expect(await rejected(metrics, 'too_large')).toBe(1);
  });

  it('counts a streamed body over the limit once, without a length header', async () => {
    const { memory, metrics } = use({ maxBodyBytes: 1000 });
    const chunks = [Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b'), Buffer.alloc(600, 'c')];
    const body = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const outcome = await fetch(url(), { method: 'POST', body, duplex: 'half' } as RequestInit).then(
      async (res) => [res.status, await res.text()],
      () => 'connection closed',
    );
    expect([[413, '{"error":"too large"}'], 'connection closed']).toContainEqual(outcome);
    await new Promise((r) => setTimeout(r, 100));
    expect(memory.entries()).toEqual([expect.objectContaining({ reason: 'too_large' })]);
    expect(await rejected(metrics, 'too_large')).toBe(1);
  });

  it('will not start without both secrets', () => {
    const { opts } = setup();
    expect(() => webhookRoute({ ...opts, encryptKey: '' })).toThrow(
      'webhook transport needs FEISHU_ENCRYPT_KEY',
    );
    expect(() => webhookRoute({ ...opts, verificationToken: '' })).toThrow('FEISHU_VERIFICATION_TOKEN');
  });
});
