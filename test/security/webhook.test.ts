import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { encryptEvent, signBody } from '../../emulator/crypto';
import { connectRedis } from '../../src/adapters/queue/redis';
import { useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, TEST_APP, testApi } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';
import { chatAs, fakeRandom, title } from '../helpers/chat';

/**
 * The webhook as an attacker on the network sees it: the whole bot listening on a real port
 * (`useDemoBot({ transport: 'webhook' })`), requests forged by hand. The transport's rules are unit-tested
 * in test/adapters/webhook.test.ts; here each refusal is checked end to end — the status, and that the
 * router did nothing (no reply in the chat, no claim, no audit) — and a replay inside the window acts once.
 */
describe('webhook requests: forged, stale, wrongly tokened, replayed or oversized', () => {
  const { emu, db, errors, bot, redisPrefix } = useDemoBot({
    transport: 'webhook',
    randomBytes: fakeRandom('webhook'),
  });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, click, button } = chatAs(emu);

  const now = () => String(Math.floor(Date.now() / 1000));
  /** A request as the platform would send it; every part may be spoiled. */
  function request(
    envelope: object,
    o: { timestamp?: string; signature?: string; key?: string; plain?: boolean } = {},
  ) {
    const body = JSON.stringify(
      o.plain ? envelope : { encrypt: encryptEvent(o.key ?? TEST_APP.encryptKey, JSON.stringify(envelope)) },
    );
    const timestamp = o.timestamp ?? now();
    const nonce = randomUUID();
    return {
      headers: {
        'content-type': 'application/json',
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': o.signature ?? signBody(timestamp, nonce, TEST_APP.encryptKey, body),
      },
      body,
    };
  }
  const post = async (r: { headers: Record<string, string>; body: string }) => {
    const res = await fetch(bot().webhookUrl!, { method: 'POST', headers: r.headers, body: r.body });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as unknown };
  };
  /** The same body without the signature headers: what an attacker without the encrypt key can send. */
  const unsigned = (body: string) => ({ headers: { 'content-type': 'application/json' }, body });
  const encrypted = (plain: string) => JSON.stringify({ encrypt: encryptEvent(TEST_APP.encryptKey, plain) });
  /** Refusals counted by the bot, by reason (`ssj_webhook_rejected_total`). */
  const rejectedCounts = async () =>
    Object.fromEntries(
      (await bot().deps.metrics!.webhookRejected.get()).values.map((v) => [v.labels.reason, v.value]),
    ) as Record<string, number>;
  const envelope = (eventType: string, event: object, token = TEST_APP.verificationToken) => ({
    schema: '2.0',
    header: {
      event_id: randomUUID().replace(/-/g, ''),
      token,
      create_time: String(Date.now()),
      event_type: eventType,
      tenant_key: emu().state.tenantKey,
      app_id: TEST_APP.appId,
    },
    event,
  });
  /** `/帮助` from 彭世杰 in his chat with the bot, as a message event with its own message id. */
  const helpMessage = async (messageId: string, token?: string) => {
    const openId = await openIdOf(emu(), '彭世杰');
    const chatId = emu().state.p2pChat(TEST_APP.appId, openId).chatId;
    return envelope(
      'im.message.receive_v1',
      {
        sender: { sender_id: { open_id: openId }, sender_type: 'user', tenant_key: emu().state.tenantKey },
        message: {
          message_id: messageId,
          create_time: String(Date.now()),
          chat_id: chatId,
          chat_type: 'p2p',
          message_type: 'text',
          content: JSON.stringify({ text: '/帮助' }),
        },
      },
      token,
    );
  };
  const helpCards = async () =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), '彭世杰') })).filter(
      (m) => m.msg_type === 'interactive' && title(m) === '抽查助手使用说明',
    );
  /** Whether the router took the event (its claim in Redis): a refused request never gets that far. */
  let redis: Redis;
  beforeAll(async () => {
    redis = await connectRedis(process.env.TEST_REDIS_URL!);
  });
  afterAll(() => redis.disconnect());
  const claimed = async (key: string) => (await redis.exists(`${redisPrefix()}delivery:${key}`)) === 1;

  it('refuses a bad signature, a stale or future timestamp, a wrong token, a foreign key or a plain body; none is handled', async () => {
    const id = (n: string) => `om_forged_${n}`;
    const countsBefore = await rejectedCounts();
    const cases: [string, () => Promise<{ headers: Record<string, string>; body: string }>, number][] = [
      [
        'bad signature',
        async () => request(await helpMessage(id('sig')), { signature: 'a'.repeat(64) }),
        401,
      ],
      [
        'signed for another body',
        async () => {
          const r = request(await helpMessage(id('swap')));
          const other = request(await helpMessage(id('swap2')));
          return { headers: r.headers, body: other.body };
        },
        401,
      ],
      [
        'older than the window (a replay)',
        async () => request(await helpMessage(id('old')), { timestamp: String(Number(now()) - 301) }),
        401,
      ],
      [
        'hours old, as a captured request replayed',
        async () => request(await helpMessage(id('older')), { timestamp: String(Number(now()) - 7200) }),
        401,
      ],
      [
        'from the future',
        async () => request(await helpMessage(id('future')), { timestamp: String(Number(now()) + 301) }),
        401,
      ],
      ['not a number', async () => request(await helpMessage(id('nan')), { timestamp: 'yesterday' }), 401],
      [
        'wrong token in the decrypted body',
        async () => request(await helpMessage(id('tok'), 'not-the-token')),
        401,
      ],
      // Signed with our key (so authentic) but not a readable event: 400, nothing handled.
      [
        'encrypted with another key, signed with ours',
        async () => request(await helpMessage(id('key')), { key: 'other-key' }),
        400,
      ],
      [
        'unencrypted, with the right token, signed',
        async () => request(await helpMessage(id('plain')), { plain: true }),
        400,
      ],
    ];
    for (const [what, make, status] of cases) {
      const res = await post(await make());
      expect([what, res.status]).toEqual([what, status]);
      expect(res.text).toBe(status === 401 ? '{"error":"unauthorized"}' : '{"error":"bad request"}');
    }
    const genuineUnsigned = request(await helpMessage(id('unsigned')));
    expect(await post(unsigned(genuineUnsigned.body))).toMatchObject({
      status: 401,
      text: '{"error":"unauthorized"}',
    });
    expect(await rejectedCounts()).toEqual({
      ...countsBefore,
      bad_signature: (countsBefore.bad_signature ?? 0) + 2,
      stale: (countsBefore.stale ?? 0) + 4,
      bad_token: (countsBefore.bad_token ?? 0) + 1,
      malformed: (countsBefore.malformed ?? 0) + 2,
      unsigned: (countsBefore.unsigned ?? 0) + 1,
    });

    // A genuine request afterwards is answered; by then a forged one would have been too.
    expect((await post(request(await helpMessage('om_genuine_1')))).status).toBe(200);
    await waitFor(async () => (await helpCards()).length === 1, 'the genuine /帮助 answered');
    await new Promise((r) => setTimeout(r, 300));
    expect(await helpCards()).toHaveLength(1);
    expect(await claimed('message:om_genuine_1')).toBe(true);
    for (const n of ['sig', 'swap', 'old', 'older', 'future', 'nan', 'tok', 'key', 'plain', 'unsigned'])
      expect(await claimed(`message:${id(n)}`)).toBe(false);
  });

  it('gives a padding oracle nothing: every unauthenticated request gets the same bytes, and none is a 500', async () => {
    const countsBefore = await rejectedCounts();
    const signedGarbage = request({}, { signature: 'f'.repeat(64) });
    const attempts: [string, { headers: Record<string, string>; body: string }][] = [
      ['unsigned garbage', unsigned('\u0000garbage{')],
      [
        'unsigned, ciphertext that does not decrypt',
        unsigned(JSON.stringify({ encrypt: 'QUJD'.repeat(16) })),
      ],
      ['unsigned, valid ciphertext of non-JSON', unsigned(encrypted('<html>'))],
      ['unsigned, ciphertext of null', unsigned(encrypted('null'))],
      [
        'unsigned, ciphertext of an event',
        unsigned(encrypted(JSON.stringify(await helpMessage('om_oracle')))),
      ],
      ['signed with a wrong signature', { ...signedGarbage, body: 'garbage' }],
      ['stale', request(await helpMessage('om_oracle_stale'), { timestamp: String(Number(now()) - 3600) })],
    ];
    const answers = [];
    for (const [what, r] of attempts) {
      const res = await post(r);
      answers.push([what, res.status, res.text]);
    }
    expect(answers).toEqual(attempts.map(([what]) => [what, 401, '{"error":"unauthorized"}']));
    expect(await rejectedCounts()).toEqual({
      ...countsBefore,
      unsigned: (countsBefore.unsigned ?? 0) + 5,
      bad_signature: (countsBefore.bad_signature ?? 0) + 1,
      stale: (countsBefore.stale ?? 0) + 1,
    });
    expect(await claimed('message:om_oracle')).toBe(false);
    expect(await claimed('message:om_oracle_stale')).toBe(false);
  });

  it('still answers the platform’s unsigned URL challenge with the right token', async () => {
    // The emulator saves the URL only if it answers the challenge (test/helpers/demo-bot.ts did so at start).
    await testApi(emu(), 'POST', `apps/${TEST_APP.appId}`, { event_url: bot().webhookUrl });
    const challenge = (token: string) =>
      unsigned(encrypted(JSON.stringify({ type: 'url_verification', challenge: 'c-42', token })));
    expect(await post(challenge(TEST_APP.verificationToken))).toMatchObject({
      status: 200,
      body: { challenge: 'c-42' },
    });
    expect(await post(challenge('not-the-token'))).toMatchObject({
      status: 401,
      text: '{"error":"unauthorized"}',
    });
  });

  it('acts once on an identical request replayed inside the window: a message and a card click', async () => {
    const { models } = db();
    const before = (await helpCards()).length;
    const message = request(await helpMessage('om_replayed_1'));
    for (let i = 0; i < 3; i++) expect((await post(message)).status).toBe(200);
    await waitFor(async () => (await helpCards()).length === before + 1, 'one answer');
    await new Promise((r) => setTimeout(r, 300));
    expect(await helpCards()).toHaveLength(before + 1);

    // A click on 提交审批, captured and replayed byte for byte: submitted once, the same answer each time.
    const preview = await ask('彭世杰', '/抽查 娱乐场所', '抽取发起：娱乐场所');
    const drawNo = (await models.Draw.findOne({}).lean())!.drawNo;
    const openId = await openIdOf(emu(), '彭世杰');
    const clickEvent = envelope('card.action.trigger', {
      operator: { open_id: openId, tenant_key: emu().state.tenantKey },
      token: 'c-replayed-click-1',
      action: { value: button(preview, '提交审批'), tag: 'button' },
      host: 'im_message',
      context: { open_message_id: preview.message_id, open_chat_id: preview.chat_id },
    });
    const captured = request(clickEvent);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(captured));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.body).toMatchObject({ toast: { type: 'success', content: '已提交，等待赵晓辉审批' } });
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    expect(answers[2]!.body).toEqual(answers[0]!.body);
    expect(await models.AuditEntry.countDocuments({ subject: drawNo, action: 'draw.submitted' })).toBe(1);
    // Still acts once when the same click arrives re-signed later (a platform redelivery).
    expect((await post(request(clickEvent))).body).toEqual(answers[0]!.body);
    expect(await models.AuditEntry.countDocuments({ subject: drawNo, action: 'draw.submitted' })).toBe(1);
    // A real click through the platform still works afterwards.
    expect((await click('彭世杰', preview, button(preview, '取消'))).ok).toBe(true);
  });

  it('drops a body over the 1 MiB limit without handling it', async () => {
    const padded = await helpMessage('om_oversized_1');
    (padded.event as { message: { content: string } }).message.content = JSON.stringify({
      text: `/帮助 ${'x'.repeat(1 << 20)}`,
    });
    const before = (await rejectedCounts()).too_large ?? 0;
    const outcome = await post(request(padded)).then(
      (r) => [r.status, r.text],
      () => 'connection closed',
    );
    expect([[413, '{"error":"too large"}'], 'connection closed']).toContainEqual(outcome);
    await new Promise((r) => setTimeout(r, 300));
    expect(await claimed('message:om_oversized_1')).toBe(false);
    expect((await rejectedCounts()).too_large).toBe(before + 1);
  });
});
