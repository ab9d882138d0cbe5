import type { IncomingMessage, ServerResponse } from 'node:http';
import { noticeCard } from '../../cards/notice-card';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { startBot, type RunningBot } from '../../src/app/bot';
import { seedPlan } from '../../src/services/seed-plan';
import { nearestCommand } from '../../handlers/commands/help';
import { checkRegistry, createRouter, defaultRegistry, REPEAT_CLICK_SECONDS } from '../../handlers/router';
import type { ActionAnswer, ActionHandler } from '../../handlers/context';
import { createLogger } from '../../src/adapters/log';
import { makeCardAction, makeMessage } from '../helpers/envelopes';
import { waitFor } from '../helpers/wait';
import { TEST_APP, testApi, useEmulator, openIdOf } from '../helpers/emulator';
import { useTestDb, useTestRedis } from '../helpers/services';

describe('chat router on the emulator, over the long connection, with real claims', () => {
  const emu = useEmulator();
  const db = useTestDb();
  const redis = useTestRedis();
  let bot: RunningBot;

  beforeAll(async () => {
    await seedPlan(db().models, readPlanTemplate(), [2026], 'test:seed', new Date('2026-11-26T02:00:00Z'));
    bot = await startBot({
      models: db().models,
      app: { appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, domain: emu().url },
      redis: { url: process.env.TEST_REDIS_URL!, prefix: redis().prefix },
      onError: (e) => console.error(e),
    });
  });
  afterAll(() => bot.stop());

  const cardsIn = async (chatId: string) =>
    (
      await testApi<
        {
          msg_type: string;
          content: { header: { title: { content: string } }; body: { elements: { content?: string }[] } };
        }[]
      >(emu(), 'GET', `messages?chat_id=${chatId}`)
    ).filter((m) => m.msg_type === 'interactive');

  it('answers /帮助 with the help card', async () => {
    const peng = { openId: await openIdOf(emu(), '彭世杰') };
    const { chat_id } = await testApi<{ chat_id: string }>(emu(), 'POST', 'messages', {
      open_id: peng.openId,
      text: '/帮助',
    });
    await waitFor(async () => (await cardsIn(chat_id)).length === 1);
    expect((await cardsIn(chat_id))[0]!.content.header.title.content).toBe('抽查助手使用说明');
  });

  it('answers an unknown command in a group (@mention) with the nearest command', async () => {
    const li = { openId: await openIdOf(emu(), '李明') };
    const group = (await testApi<{ chatId: string; type: string }[]>(emu(), 'GET', 'chats')).find(
      (c) => c.type === 'group',
    )!;
    await testApi(emu(), 'POST', 'messages', {
      open_id: li.openId,
      chat_id: group.chatId,
      text: '/抽察 娱乐',
    });
    await waitFor(async () => (await cardsIn(group.chatId)).length === 1);
    const [card] = await cardsIn(group.chatId);
    expect(card!.content.header.title.content).toBe('没有看懂这条指令');
    expect(card!.content.body.elements[0]!.content).toBe(
      '“/抽察 娱乐”不是可用的指令。您是不是想用 **/抽查 事项**？',
    );
  });

  it('replies once to an event the platform delivers three times', async () => {
    await testApi(emu(), 'POST', 'faults', { duplicate_deliveries: 2 });
    const zhao = { openId: await openIdOf(emu(), '赵晓辉') };
    const { chat_id } = await testApi<{ chat_id: string }>(emu(), 'POST', 'messages', {
      open_id: zhao.openId,
      text: '/帮助',
    });
    await waitFor(async () => (await cardsIn(chat_id)).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await cardsIn(chat_id)).toHaveLength(1);
    // Three messages so far in this file, each taken once: one ledger entry each, in Redis, settled for
    // the platform's whole redelivery window (15 s, 5 min, 1 h, 6 h), not left pending for 60 s.
    const taken = await redis().redis.keys(`${redis().prefix}delivery:message:*`);
    expect(taken).toHaveLength(3);
    for (const key of taken) expect(await redis().redis.ttl(key)).toBeGreaterThan(7 * 3600);
    await testApi(emu(), 'POST', 'faults', { duplicate_deliveries: 0 });
  });

  it('dispatch: one entry for every event type; a message is acknowledged before it is handled', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'info',
      destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) },
    });
    const work: Promise<void>[] = [];
    const router = createRouter({ ...bot.deps, log }, { inBackground: (w) => void work.push(w) });
    const openId = await openIdOf(emu(), '彭世杰');
    const { chat_id } = await testApi<{ chat_id: string }>(emu(), 'POST', 'messages', {
      open_id: openId,
      text: '/帮助',
    });
    // Every text in the chat answered (the message just posted goes to the running bot too): then count.
    const kinds = async () => {
      const all = await testApi<{ msg_type: string }[]>(emu(), 'GET', `messages?chat_id=${chat_id}`);
      return {
        texts: all.filter((m) => m.msg_type === 'text').length,
        cards: (await cardsIn(chat_id)).length,
      };
    };
    await waitFor(async () => {
      const k = await kinds();
      return k.cards === k.texts;
    }, 'every message in the chat answered');
    const before = (await cardsIn(chat_id)).length;
    expect(await router.dispatch(makeMessage({ openId, chatId: chat_id, text: '/帮助' }))).toEqual({});
    expect(work).toHaveLength(1);
    await Promise.all(work);
    // Handled before the promise settled: the answer is already there.
    expect((await cardsIn(chat_id)).length).toBe(before + 1);
    // A click answers through the same entry; an event type nobody takes is logged and acknowledged.
    const { answer } = await router.dispatch(makeCardAction({ openId, value: { action: 'no.such.action' } }));
    expect(answer).toEqual({ toast: { type: 'error', content: '这张卡片的按钮已失效，请重新发送指令' } });
    expect(await router.dispatch({ type: 'im.chat.member.bot.added_v1', event: {} })).toEqual({});
    expect(lines).toContainEqual(
      expect.objectContaining({
        type: 'im.chat.member.bot.added_v1',
        msg: 'event of a type the bot does not take',
      }),
    );
  });

  it('answers a repeated click of a repeat-safe button from the first, and acts again on anything else', async () => {
    const calls: string[] = [];
    const counted =
      (name: string, answer: ActionAnswer): ActionHandler =>
      async (ctx) => {
        calls.push(`${name}:${ctx.operatorOpenId}:${JSON.stringify(ctx.form)}`);
        await new Promise((r) => setTimeout(r, 50));
        return answer;
      };
    const real = defaultRegistry();
    const registry = {
      ...real,
      actions: {
        ...real.actions,
        'draw.approve': counted('approve', { toast: { type: 'success', content: '已批准' } }),
        'draw.start': counted('start', { card: { schema: '2.0' } }),
        'ops.retry': counted('retry', { toast: { type: 'success', content: '已重新排队' } }),
      },
    };
    const router = createRouter(bot.deps, { registry });
    const click = (value: Record<string, unknown>, openId = 'ou_a', form?: Record<string, unknown>) =>
      router.dispatch(makeCardAction({ openId, value, messageId: 'om_repeat', ...(form ? { form } : {}) }));
    const approve = { action: 'draw.approve', drawNo: 'X' };
    // Twenty clicks at once (each its own token): one acts, the others are told to wait or get its toast.
    const storm = await Promise.all(
      Array.from({ length: 20 }, () => click(approve, 'ou_a', { phrase: 'p' })),
    );
    expect(calls).toEqual(['approve:ou_a:{"phrase":"p"}']);
    for (const { answer } of storm)
      expect([
        ['info', '正在处理，请稍候'],
        ['success', '已批准'],
      ]).toContainEqual([answer!.toast!.type, answer!.toast!.content]);
    expect((await click(approve, 'ou_a', { phrase: 'p' })).answer).toEqual({
      toast: { type: 'success', content: '已批准' },
    });
    // Another form value, another person: their own first clicks.
    await click(approve, 'ou_a', { phrase: 'q' });
    await click(approve, 'ou_b', { phrase: 'p' });
    expect(calls).toHaveLength(3);
    // A first answer that was a card: the repeat gets a toast, never the (possibly outdated) card.
    expect((await click({ action: 'draw.start', item: 'x' })).answer).toMatchObject({
      card: { data: { schema: '2.0' } },
    });
    expect((await click({ action: 'draw.start', item: 'x' })).answer).toEqual({
      toast: { type: 'info', content: '已处理，请勿重复点击' },
    });
    // Not repeat-safe: the second click of 重试 means "again" and is handled.
    await click({ action: 'ops.retry', jobId: 'j' });
    await click({ action: 'ops.retry', jobId: 'j' });
    expect(calls.filter((c) => c.startsWith('retry'))).toHaveLength(2);
    // Past the window, the same click acts again.
    await new Promise((r) => setTimeout(r, REPEAT_CLICK_SECONDS * 1000 + 200));
    await click(approve, 'ou_a', { phrase: 'p' });
    expect(calls.filter((c) => c === 'approve:ou_a:{"phrase":"p"}')).toHaveLength(2);
  });

  it('answers a repeat known in this process from memory, one known to another replica from Redis', async () => {
    const calls: string[] = [];
    const real = defaultRegistry();
    const registry = {
      ...real,
      actions: {
        ...real.actions,
        'draw.approve': (async () => {
          calls.push('approve');
          return { toast: { type: 'success', content: '已批准' } };
        }) as ActionHandler,
      },
    };
    // Two replicas of the events process: one Redis, a memory each.
    const a = createRouter(bot.deps, { registry });
    const b = createRouter(bot.deps, { registry });
    const approve = { action: 'draw.approve', drawNo: 'Y' };
    const click = (router: typeof a, token: string) =>
      router.dispatch(
        makeCardAction({
          openId: 'ou_m',
          value: approve,
          messageId: 'om_memory',
          form: { phrase: 'p' },
          token,
        }),
      );
    const claimed = async (token: string) =>
      (await redis().redis.exists(`${redis().prefix}delivery:card:${token}`)) === 1;
    expect((await click(a, 'm-1')).answer).toEqual({ toast: { type: 'success', content: '已批准' } });
    // On the same replica: answered at once, not even the click's token claimed.
    expect((await click(a, 'm-2')).answer).toEqual({ toast: { type: 'success', content: '已批准' } });
    expect(await claimed('m-2')).toBe(false);
    // On the other: from Redis (the token claimed and answered there), and then from its own memory.
    expect((await click(b, 'm-3')).answer).toEqual({ toast: { type: 'success', content: '已批准' } });
    expect(await claimed('m-3')).toBe(true);
    expect((await click(b, 'm-4')).answer).toEqual({ toast: { type: 'success', content: '已批准' } });
    expect(await claimed('m-4')).toBe(false);
    expect(calls).toEqual(['approve']);
    // Past the window, on either replica, the click acts again.
    await new Promise((r) => setTimeout(r, REPEAT_CLICK_SECONDS * 1000 + 200));
    await click(b, 'm-5');
    expect(calls).toEqual(['approve', 'approve']);
  });

  it('hands handlers a callback value and form without control characters', async () => {
    let seen: unknown;
    const real = defaultRegistry();
    const spy: ActionHandler = async (ctx) => {
      seen = { value: ctx.value, form: ctx.form };
      return { toast: { type: 'success', content: 'ok' } };
    };
    const router = createRouter(bot.deps, {
      registry: { ...real, actions: { ...real.actions, 'ops.retry': spy } },
    });
    await router.dispatch(
      makeCardAction({
        openId: 'ou_a',
        value: { action: 'ops.retry', jobId: 'j\u0000' },
        form: { note: '已整改\u0000\n复查', picks: ['a\u001b'] },
      }),
    );
    expect(seen).toEqual({
      value: { action: 'ops.retry', jobId: 'j' },
      form: { note: '已整改\n复查', picks: ['a'] },
    });
  });

  it('counts a user’s own chat as one receiver: replies and cards to it together stay within its 5/s', async () => {
    const openId = await openIdOf(emu(), '李明');
    const refused: string[] = [];
    const watch = (req: IncomingMessage, res: ServerResponse) =>
      res.once('finish', () => {
        if (req.url?.startsWith('/open-apis/im/v1/messages?') && res.statusCode !== 200)
          refused.push(req.url);
      });
    emu().server.on('request', watch);
    try {
      // Six commands typed at once (answered in this chat) while six cards go to the same user by open_id.
      const chats = await Promise.all(
        Array.from({ length: 6 }, () =>
          testApi<{ chat_id: string }>(emu(), 'POST', 'messages', { open_id: openId, text: '/帮助' }),
        ),
      );
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          bot.deps.sender.sendCard(
            { openId },
            noticeCard({ title: `通知 ${i}`, text: '测试' }),
            `burst-${i}`,
          ),
        ),
      );
      await waitFor(async () => (await cardsIn(chats[0]!.chat_id)).length === 12, '12 cards in the chat');
      // The platform would have answered 230020 to calls past 5/s to this chat; none was made.
      expect(refused).toEqual([]);
    } finally {
      emu().server.off('request', watch);
    }
  });

  it('suggests only commands that are close', () => {
    expect(nearestCommand('/帮主')).toBe('/帮助');
    expect(nearestCommand('/我的任物')).toBe('/我的任务');
    expect(nearestCommand('你好')).toBeUndefined();
  });
});

describe('the registry, checked at start-up', () => {
  const ok = defaultRegistry();
  it('accepts the real one', () => expect(() => checkRegistry(ok)).not.toThrow());
  it('refuses an action id without a handler, or a handler for an id no card carries', () => {
    const { 'draw.approve': _gone, ...rest } = ok.actions;
    expect(() => checkRegistry({ ...ok, actions: rest })).toThrow('no handler for draw.approve');
    expect(() => checkRegistry({ ...ok, actions: { ...ok.actions, 'draw.approve2': _gone! } })).toThrow(
      'handlers for unknown ids draw.approve2',
    );
    expect(() => checkRegistry({ ...ok, repeatSafe: ['draw.approve3'] })).toThrow(
      'repeat-safe ids without a handler: draw.approve3',
    );
    expect(() => checkRegistry({ ...ok, commands: { ...ok.commands, 抽查: ok.commands['/抽查']! } })).toThrow(
      'command words start with /',
    );
  });
});
