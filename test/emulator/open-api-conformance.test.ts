import { startEmulator, type Emulator } from '../../emulator/server';
import { TEST_APP, TEST_USERS, messagesOf, testApi, openIdOf } from '../helpers/emulator';

/** Raw HTTP against the emulator, checked against the platform's documented shapes and codes. */
describe('emulator Open API conformance', () => {
  let emu: Emulator;
  let clock = Date.UTC(2026, 10, 25, 1, 0, 0);
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json: json as Record<string, any>, text }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const token = async () =>
    (
      await call('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
        app_id: TEST_APP.appId,
        app_secret: TEST_APP.appSecret,
      })
    ).json.tenant_access_token as string;
  const card = (title = '卡片') => ({
    schema: '2.0',
    header: { title: { tag: 'plain_text', content: title } },
    body: { elements: [{ tag: 'markdown', content: '正文' }] },
  });
  const sendCard = async (t: string, openId: string, extra: Record<string, unknown> = {}) =>
    call(
      'POST',
      '/open-apis/im/v1/messages?receive_id_type=open_id',
      { receive_id: openId, msg_type: 'interactive', content: JSON.stringify(card()), ...extra },
      t,
    );

  beforeAll(async () => {
    emu = await startEmulator({
      apps: [{ ...TEST_APP }],
      users: TEST_USERS,
      chats: [{ name: '工作群', members: ['彭世杰'] }],
      now: () => clock,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await testApi(emu, 'POST', 'reset');
    clock += 3_600_000; // a fresh window for every test
  });

  it('issues tenant tokens: 7200 s, the same token while ≥ 30 min remain, a new one after', async () => {
    const first = await call('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      app_id: TEST_APP.appId,
      app_secret: TEST_APP.appSecret,
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
    expect(first.json.tenant_access_token).toMatch(/^t-[0-9a-f]{40}$/);
    clock += 60 * 60_000;
    const again = await call('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      app_id: TEST_APP.appId,
      app_secret: TEST_APP.appSecret,
    });
    expect(again.json).toMatchObject({ tenant_access_token: first.json.tenant_access_token, expire: 3600 });
    clock += 45 * 60_000;
    const renewed = await call('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      app_id: TEST_APP.appId,
      app_secret: TEST_APP.appSecret,
    });
    expect(renewed.json.tenant_access_token).not.toBe(first.json.tenant_access_token);
  });

  it('answers bad credentials with HTTP 200 and code 10003, and bad tokens with 99991661 / 99991663', async () => {
    const bad = await call('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      app_id: TEST_APP.appId,
      app_secret: 'wrong',
    });
    expect(bad).toMatchObject({ status: 200, json: { code: 10003, msg: 'invalid param', data: {} } });
    const missing = await call('POST', '/open-apis/im/v1/messages?receive_id_type=open_id', {});
    expect(missing).toMatchObject({ status: 400, json: { code: 99991661 } });
    expect(missing.json.error.log_id).toEqual(expect.any(String));
    expect(
      (await call('POST', '/open-apis/im/v1/messages?receive_id_type=open_id', {}, 't-nope')).json.code,
    ).toBe(99991663);
    const t = await token();
    clock += 7200_000;
    expect((await sendCard(t, { openId: await openIdOf(emu, '彭世杰') }.openId)).json.code).toBe(99991663);
  });

  it('answers unknown paths with the gateway’s plain-text 404', async () => {
    const res = await call('GET', '/open-apis/im/v9/nothing');
    expect(res).toMatchObject({ status: 404, text: '404 page not found' });
  });

  it('sends messages in the documented shape and de-duplicates by uuid', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const a = await sendCard(t, peng.openId, { uuid: 'draw-CC2026-04-1-preview' });
    expect(a.status).toBe(200);
    expect(a.json.data).toMatchObject({
      message_id: expect.stringMatching(/^om_[0-9a-f]{32}$/),
      msg_type: 'interactive',
      chat_id: expect.stringMatching(/^oc_/),
      sender: { id: TEST_APP.appId, id_type: 'app_id', sender_type: 'app' },
      deleted: false,
      updated: false,
    });
    const b = await sendCard(t, peng.openId, { uuid: 'draw-CC2026-04-1-preview' });
    expect(b.json.data.message_id).toBe(a.json.data.message_id);
    expect(await testApi<unknown[]>(emu, 'GET', `messages?open_id=${peng.openId}`)).toHaveLength(1);
    clock += 3_600_001;
    expect(
      (await sendCard(t, peng.openId, { uuid: 'draw-CC2026-04-1-preview' })).json.data.message_id,
    ).not.toBe(a.json.data.message_id);
  });

  it('validates every request strictly (230001 / 230099) and names the problem', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const send = (query: string, body: unknown) => call('POST', `/open-apis/im/v1/messages${query}`, body, t);
    expect(
      (await send('', { receive_id: peng.openId, msg_type: 'text', content: '{"text":"x"}' })).json,
    ).toMatchObject({ code: 230001, msg: expect.stringContaining('receive_id_type') });
    expect(
      (
        await send('?receive_id_type=open_id', {
          receive_id: peng.openId,
          msg_type: 'text',
          content: 'plain words',
        })
      ).json.msg,
    ).toContain('not a valid JSON string');
    expect(
      (
        await send('?receive_id_type=open_id', {
          receive_id: peng.openId,
          msg_type: 'text',
          content: '{"txt":"x"}',
        })
      ).json.msg,
    ).toContain('{"text": string}');
    expect(
      (
        await send('?receive_id_type=open_id', {
          receive_id: peng.openId,
          msg_type: 'text',
          content: '{"text":"x"}',
          extra: 1,
        })
      ).json.msg,
    ).toContain('extra');
    expect(
      (
        await send('?receive_id_type=chat_id', {
          receive_id: peng.openId,
          msg_type: 'text',
          content: '{"text":"x"}',
        })
      ).json.code,
    ).toBe(230001);
    expect(
      (
        await send('?receive_id_type=email', {
          receive_id: 'pengshijie@example.gov.cn',
          msg_type: 'text',
          content: '{"text":"x"}',
        })
      ).status,
    ).toBe(200);
    const badCard = {
      schema: '2.0',
      body: { elements: [{ tag: 'form', name: 'f', elements: [{ tag: 'input' }] }] },
    };
    const res = await send('?receive_id_type=open_id', {
      receive_id: peng.openId,
      msg_type: 'interactive',
      content: JSON.stringify(badCard),
    });
    expect(res.json.code).toBe(230099);
    expect(res.json.msg).toContain('input inside a form needs a card-unique name');
    expect(res.json.msg).toContain('a form needs a button with form_action_type "submit"');
    const huge = { ...card(), body: { elements: [{ tag: 'markdown', content: '字'.repeat(11000) }] } };
    expect(
      (
        await send('?receive_id_type=open_id', {
          receive_id: peng.openId,
          msg_type: 'interactive',
          content: JSON.stringify(huge),
        })
      ).json.code,
    ).toBe(230025);
  });

  it('limits sends: 5/s to one user (230020), 50/s per app (429 + x-ogw-ratelimit headers)', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await sendCard(t, peng.openId)).json.code);
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
    clock += 1000;
    const users = await testApi<{ openId: string }[]>(emu, 'GET', 'users');
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 60 && !limited; i++) {
      const r = await sendCard(t, users[i % users.length]!.openId);
      if (r.status === 429) limited = r;
      if (i % 12 === 11) clock += 200; // stay under 5/s per user, within one second per app
    }
    expect(limited?.json).toMatchObject({ code: 99991400, msg: 'request trigger frequency limit' });
    expect(limited?.headers.get('x-ogw-ratelimit-limit')).toBe('50');
    expect(Number(limited?.headers.get('x-ogw-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
  });

  it('updates cards within 14 days with valid cards only, keeping every version', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const id = (await sendCard(t, peng.openId)).json.data.message_id as string;
    const patch = (content: unknown, auth = t) =>
      call('PATCH', `/open-apis/im/v1/messages/${id}`, { content: JSON.stringify(content) }, auth);
    expect((await patch(card('已批准'))).json).toMatchObject({ code: 0, data: {} });
    const [msg] = await testApi<
      { versions: { via: string; content: { header: { title: { content: string } } } }[] }[]
    >(emu, 'GET', `messages?open_id=${peng.openId}`);
    expect(msg!.versions.map((v) => [v.via, v.content.header.title.content])).toEqual([
      ['send', '卡片'],
      ['patch', '已批准'],
    ]);
    expect((await patch({ elements: [] })).json.code).toBe(230099);
    clock += 14 * 86400_000 + 1;
    expect((await patch(card('太晚'), await token())).json.code).toBe(230031);
  });

  it('marks 加急 for members and lists ids that are not', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const li = { openId: await openIdOf(emu, '李明') };
    const id = (await sendCard(t, peng.openId)).json.data.message_id as string;
    const res = await call(
      'PATCH',
      `/open-apis/im/v1/messages/${id}/urgent_app?user_id_type=open_id`,
      { user_id_list: [peng.openId, li.openId] },
      t,
    );
    expect(res.json).toMatchObject({ code: 0, data: { invalid_user_id_list: [li.openId] } });
    const [msg] = await testApi<{ urgent: { kind: string; openIds: string[] }[] }[]>(
      emu,
      'GET',
      `messages?open_id=${peng.openId}`,
    );
    expect(msg!.urgent).toEqual([{ kind: 'app', openIds: [peng.openId], at: clock }]);
    expect(
      (await call('PATCH', `/open-apis/im/v1/messages/${id}/urgent_app`, { user_id_list: [peng.openId] }, t))
        .json.code,
    ).toBe(230001);
  });

  it('looks people up by id, e-mail and mobile', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    expect(
      (await call('GET', `/open-apis/contact/v3/users/${peng.openId}?user_id_type=open_id`, undefined, t))
        .json.data.user,
    ).toMatchObject({ name: '彭世杰', open_id: peng.openId });
    const ids = await call(
      'POST',
      '/open-apis/contact/v3/users/batch_get_id?user_id_type=open_id',
      { mobiles: ['13900000002', '13000000000'], emails: ['pengshijie@example.gov.cn'] },
      t,
    );
    expect(ids.json.data.user_list).toEqual([
      { user_id: peng.openId, email: 'pengshijie@example.gov.cn' },
      { user_id: { openId: await openIdOf(emu, '赵晓辉') }.openId, mobile: '13900000002' },
      { mobile: '13000000000' },
    ]);
  });

  it('replies in a thread of the message, with the same validation', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const parent = (await sendCard(t, peng.openId)).json.data.message_id as string;
    const reply = await call(
      'POST',
      `/open-apis/im/v1/messages/${parent}/reply`,
      { msg_type: 'text', content: '{"text":"收到"}' },
      t,
    );
    expect(reply.json.data).toMatchObject({ parent_id: parent, root_id: parent, msg_type: 'text' });
    expect(
      (
        await call(
          'POST',
          '/open-apis/im/v1/messages/om_nope/reply',
          { msg_type: 'text', content: '{"text":"x"}' },
          t,
        )
      ).json.code,
    ).toBe(230001);
    expect(
      (
        await call(
          'POST',
          `/open-apis/im/v1/messages/${parent}/reply`,
          { msg_type: 'text', content: '{"text":"x"}', receive_id: 'x' },
          t,
        )
      ).json.msg,
    ).toContain('receive_id');
  });

  it('updates a card by callback token at most twice within 30 minutes', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const id = (await sendCard(t, peng.openId)).json.data.message_id as string;
    // A click issues the token; nothing answers the callback here, so the click itself fails.
    await testApi(emu, 'POST', 'card-actions', { open_id: peng.openId, message_id: id, value: { a: 1 } });
    const tokens = await testApi<{ token: string; messageId: string }[]>(emu, 'GET', 'card-tokens');
    const ct = tokens.find((x) => x.messageId === id)!.token;
    const update = (title: string) =>
      call('POST', '/open-apis/interactive/v1/card/update', { token: ct, card: card(title) }, t);
    expect((await update('一')).json).toEqual({ code: 0, msg: 'ok' });
    expect((await update('二')).json.code).toBe(0);
    expect((await update('三')).json.code).toBe(300040);
    const [msg] = await messagesOf(emu, { open_id: peng.openId });
    expect(msg!.versions.map((v) => v.via)).toEqual(['send', 'delayed', 'delayed']);
    await testApi(emu, 'POST', 'card-actions', { open_id: peng.openId, message_id: id, value: { a: 2 } });
    const fresh = (await testApi<{ token: string; messageId: string }[]>(emu, 'GET', 'card-tokens'))
      .filter((x) => x.messageId === id)
      .at(-1)!.token;
    clock += 30 * 60_000 + 1;
    const late = await call(
      'POST',
      '/open-apis/interactive/v1/card/update',
      { token: fresh, card: card('晚') },
      await token(),
    );
    expect(late.json.code).toBe(300030);
  });

  it('tells the bot when it is added to a group', async () => {
    const ids = await Promise.all(['彭世杰', '李明'].map((n) => openIdOf(emu, n)));
    const created = await testApi<{ chat_id: string; deliveries: { eventType: string }[] }>(
      emu,
      'POST',
      'chats',
      { name: '专项检查群', members: ids },
    );
    expect(created.deliveries.map((d) => d.eventType)).toEqual(['im.chat.member.bot.added_v1']);
    const t = await token();
    const members = await call(
      'GET',
      `/open-apis/im/v1/chats/${created.chat_id}/members?member_id_type=open_id`,
      undefined,
      t,
    );
    expect(members.json.data.items.map((m: { member_id: string }) => m.member_id)).toEqual(ids);
  });

  it('limits card updates to 5 per second per message', async () => {
    const t = await token();
    const peng = { openId: await openIdOf(emu, '彭世杰') };
    const id = (await sendCard(t, peng.openId)).json.data.message_id as string;
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (
          await call(
            'PATCH',
            `/open-apis/im/v1/messages/${id}`,
            { content: JSON.stringify(card(`v${i}`)) },
            t,
          )
        ).json.code,
      );
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
    clock += 1000;
    expect(
      (await call('PATCH', `/open-apis/im/v1/messages/${id}`, { content: JSON.stringify(card('v6')) }, t))
        .json.code,
    ).toBe(0);
  });
});
