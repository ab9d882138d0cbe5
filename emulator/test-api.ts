import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { EventBus } from './events';
import type { OpenApi } from './open-api';
import type { RateLimiter } from './rate-limit';
import { send, type BusinessClock, type Faults } from './http-shared';
import type { EmulatorState, Message } from './state';
import type { LongConnections } from './ws-server';

const attachment = z
  .object({
    name: z.string().min(1),
    base64: z.string().min(1),
    content_type: z.string().optional(),
    /**
     * Pads the file with zero bytes to this size: a large file (a 60 MB photo) without sending its bytes
     * through the test API's 32 MB body limit. Its head (`base64`) is still what a reader sniffs.
     */
    pad_to: z
      .number()
      .int()
      .positive()
      .max(200 * 1024 * 1024)
      .optional(),
  })
  .strict();

/** An attachment's bytes: as sent, padded with zeros to `pad_to`. */
function attachmentBytes(a: z.infer<typeof attachment>): Buffer {
  const head = Buffer.from(a.base64, 'base64');
  if (!a.pad_to || a.pad_to <= head.length) return head;
  const data = Buffer.alloc(a.pad_to);
  head.copy(data);
  return data;
}

const userMessage = z
  .object({
    open_id: z.string(),
    /** A group chat; omitted: the user's one-to-one chat with the app. */
    chat_id: z.string().optional(),
    app_id: z.string().optional(),
    text: z.string().min(1).optional(),
    /** A file the user sends instead of text (e.g. a pool spreadsheet to import). */
    file: attachment.optional(),
    /** A picture the user sends instead (Feishu's image message: an `image_key`, no file name shown). */
    image: attachment.optional(),
    /** In a group, the bot only hears messages that @mention it (as the platform without the all-messages scope). */
    mention_bot: z.boolean().optional(),
  })
  .strict();

const cardAction = z
  .object({
    open_id: z.string(),
    message_id: z.string(),
    value: z.unknown(),
    tag: z.string().default('button'),
    name: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const newChat = z
  .object({
    name: z.string().min(1),
    /** Open ids of the human members. */
    members: z.array(z.string()).min(1),
    /** Whether the app's bot joins (then it receives im.chat.member.bot.added_v1). */
    add_bot: z.boolean().default(true),
    app_id: z.string().optional(),
    operator_open_id: z.string().optional(),
  })
  .strict();

const appSettings = z
  .object({
    event_url: z.string().url().nullable().optional(),
    encrypt_key: z.string().min(1).nullable().optional(),
  })
  .strict();

const faultsBody = z
  .object({
    errors_for_ms: z.number().int().min(0).optional(),
    latency_ms: z.number().int().min(0).optional(),
    reset_requests: z.number().int().min(0).max(100).optional(),
    duplicate_deliveries: z.number().int().min(0).max(10).optional(),
    drop_connections: z.boolean().optional(),
    /** The platform forgets every tenant token it issued: calls with one get 99991663 until a new one is fetched. */
    forget_tokens: z.boolean().optional(),
  })
  .strict();

const clockBody = z.union([
  z.object({ advance_days: z.number().int().min(1).max(31) }).strict(),
  /** To the next day on which the schedule sends something (at most 31 days on). */
  z.object({ next_event: z.literal(true) }).strict(),
]);

/**
 * `/_emulator/...`: what tests and the console use instead of the emulator's internals — read what
 * the bot sent (every card version, urgent flags), act as a user (send a message, click a button,
 * submit a form), inject faults, reset.
 */
export class TestApi {
  constructor(
    private readonly state: EmulatorState,
    private readonly api: OpenApi,
    private readonly events: EventBus,
    private readonly connections: LongConnections,
    private readonly faults: Faults,
    private readonly limiter: RateLimiter,
    private readonly now: () => number,
    private readonly businessClock?: BusinessClock,
  ) {}

  async handle(method: string, url: URL, body: unknown, res: ServerResponse): Promise<void> {
    const path = url.pathname;
    try {
      if (method === 'GET' && path === '/_emulator/users')
        return send(res, 200, [...this.state.users.values()]);
      if (method === 'GET' && path === '/_emulator/chats')
        return send(
          res,
          200,
          [...this.state.chats.values()].map((c) => ({ ...c, members: [...c.members], bots: [...c.bots] })),
        );
      if (method === 'GET' && path === '/_emulator/messages')
        return send(res, 200, this.messages(url.searchParams));
      if (method === 'GET' && path === '/_emulator/deliveries') return send(res, 200, this.events.deliveries);
      // The callback tokens the clicks issued (the bot sees them in card.action.trigger).
      if (method === 'GET' && path === '/_emulator/card-tokens')
        return send(
          res,
          200,
          [...this.state.cardTokens.entries()].map(([token, v]) => ({ token, ...v })),
        );
      if (method === 'POST' && path === '/_emulator/messages')
        return send(res, 200, await this.userSends(body));
      if (method === 'POST' && path === '/_emulator/card-actions')
        return send(res, 200, await this.userClicks(body));
      // The file's bytes as a download (the console's link under a file message).
      const rawPath = path.match(/^\/_emulator\/files\/([^/]+)\/raw$/);
      if (method === 'GET' && rawPath) {
        const file = this.state.files.get(decodeURIComponent(rawPath[1]!));
        if (!file) throw new TestApiError(404, `no file ${rawPath[1]}`);
        res.writeHead(200, {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        });
        res.end(file.data);
        return;
      }
      const filePath = path.match(/^\/_emulator\/files\/([^/]+)$/);
      if (method === 'GET' && filePath) {
        const file = this.state.files.get(decodeURIComponent(filePath[1]!));
        if (!file) throw new TestApiError(404, `no file ${filePath[1]}`);
        return send(res, 200, {
          key: file.key,
          kind: file.kind,
          name: file.name,
          content_type: file.contentType,
          base64: file.data.toString('base64'),
          owner: file.owner,
        });
      }
      const appPath = path.match(/^\/_emulator\/apps\/([^/]+)$/);
      if (method === 'POST' && appPath) return send(res, 200, await this.configureApp(appPath[1]!, body));
      if (method === 'POST' && path === '/_emulator/chats')
        return send(res, 200, await this.createChat(body));
      if (method === 'POST' && path === '/_emulator/faults') return send(res, 200, this.setFaults(body));
      // How many tokens are live, how often the token endpoint was called and how many calls a bad token cost.
      if (method === 'GET' && path === '/_emulator/tokens')
        return send(res, 200, { live: this.state.tokens.size, ...this.state.tokenStats });
      if (method === 'GET' && path === '/_emulator/clock') return send(res, 200, this.clockView());
      if (method === 'POST' && path === '/_emulator/clock')
        return send(res, 200, await this.advanceClock(body));
      if (method === 'POST' && path === '/_emulator/reset') return send(res, 200, this.reset());
      send(res, 404, { error: `no test API at ${method} ${path}` });
    } catch (err) {
      if (err instanceof z.ZodError)
        return send(res, 400, {
          error: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
      if (err instanceof TestApiError) return send(res, err.status, { error: err.message });
      throw err;
    }
  }

  /** Messages of one chat (`chat_id`), of a user's chat with the bot (`open_id`: none yet → []), or all. */
  /** The business time the console shows; `adjustable` when the host (the demo) lets it move. */
  private clockView() {
    const now = this.businessClock?.now() ?? this.now();
    return { now, iso: new Date(now).toISOString(), adjustable: this.businessClock !== undefined };
  }

  private async advanceClock(body: unknown) {
    if (!this.businessClock) throw new TestApiError(404, 'this emulator has no business clock to move');
    const move = clockBody.parse(body);
    if ('advance_days' in move) await this.businessClock.advanceDays(move.advance_days);
    else if (this.businessClock.advanceToNextEvent) await this.businessClock.advanceToNextEvent(31);
    else throw new TestApiError(404, 'this business clock cannot look for the next event');
    return this.clockView();
  }

  private messages(q: URLSearchParams) {
    const openId = q.get('open_id');
    const chatId =
      q.get('chat_id') ?? (openId ? (this.p2pOf(openId, q.get('app_id'))?.chatId ?? null) : undefined);
    if (chatId === null) return [];
    return [...this.state.messages.values()]
      .filter((m) => chatId === undefined || m.chatId === chatId)
      .map((m) => this.messageView(m));
  }

  private messageView(m: Message) {
    const parse = (s: string) => {
      try {
        return JSON.parse(s);
      } catch {
        return s;
      }
    };
    const content = parse(m.content);
    const key =
      m.msgType === 'file' ? content?.file_key : m.msgType === 'image' ? content?.image_key : undefined;
    const file = key === undefined ? undefined : this.state.files.get(String(key));
    return {
      ...this.api.view(m),
      content,
      ...(file ? { file: { key: file.key, name: file.name, size: file.data.length } } : {}),
      versions: m.versions.map((v) => ({ ...v, content: parse(v.content) })),
      urgent: m.urgent,
    };
  }

  private p2pOf(openId: string, appId: string | null) {
    const app = appId ?? [...this.state.apps.keys()][0]!;
    return [...this.state.chats.values()].find(
      (c) => c.type === 'p2p' && c.bots.has(app) && c.members.has(openId),
    );
  }

  /** A user sends a text message or a file; the event goes to every bot in the chat that hears it. */
  private async userSends(raw: unknown) {
    const b = userMessage.parse(raw);
    if ([b.text, b.file, b.image].filter(Boolean).length !== 1)
      throw new TestApiError(400, 'give exactly one of text, file and image');
    const user = this.state.users.get(b.open_id);
    if (!user) throw new TestApiError(404, `no user ${b.open_id}`);
    const appId = b.app_id ?? [...this.state.apps.keys()][0]!;
    const chat = b.chat_id ? this.state.chats.get(b.chat_id) : this.state.p2pChat(appId, user.openId);
    if (!chat) throw new TestApiError(404, `no chat ${b.chat_id}`);
    if (!chat.members.has(user.openId))
      throw new TestApiError(400, `${user.name} is not in chat ${chat.name}`);
    const t = this.now();
    const app = this.state.apps.get(appId)!;
    const mentions =
      chat.type === 'group' && b.mention_bot !== false && b.text
        ? [{ key: '@_user_1', openId: `ou_bot_${appId.slice(4)}`, name: app.name }]
        : [];
    let msgType = 'text';
    let content: string;
    const sent = b.file ?? b.image;
    if (sent) {
      const kind = b.file ? 'file' : 'image';
      const key = kind === 'file' ? this.state.ids.fileKey() : this.state.ids.imageKey();
      this.state.files.set(key, {
        key,
        kind,
        name: sent.name,
        contentType: sent.content_type ?? 'application/octet-stream',
        data: attachmentBytes(sent),
        owner: { type: 'user', openId: user.openId },
      });
      msgType = kind;
      content = JSON.stringify(
        kind === 'file' ? { file_key: key, file_name: sent.name } : { image_key: key },
      );
    } else content = JSON.stringify({ text: mentions.length ? `@_user_1 ${b.text}` : b.text });
    const message: Message = {
      messageId: this.state.ids.messageId(),
      chatId: chat.chatId,
      sender: { type: 'user', openId: user.openId },
      msgType,
      content,
      createTime: t,
      updateTime: t,
      deleted: false,
      versions: [],
      urgent: [],
      mentions,
    };
    this.state.messages.set(message.messageId, message);
    const deliveries = [];
    // In groups the bot hears @mentions only (no all-messages scope), so a file sent to a group goes unheard.
    if (chat.type === 'p2p' || mentions.length > 0) {
      for (const botId of chat.bots) {
        const bot = this.state.apps.get(botId);
        if (!bot) continue;
        deliveries.push(
          await this.events.deliverEvent(bot, 'im.message.receive_v1', {
            sender: {
              sender_id: { union_id: user.unionId, user_id: user.userId, open_id: user.openId },
              sender_type: 'user',
              tenant_key: this.state.tenantKey,
            },
            message: {
              message_id: message.messageId,
              create_time: String(t),
              update_time: String(t),
              chat_id: chat.chatId,
              chat_type: chat.type,
              message_type: msgType,
              content: message.content,
              ...(mentions.length
                ? {
                    mentions: mentions.map((x) => ({
                      key: x.key,
                      id: { open_id: x.openId, union_id: '', user_id: '' },
                      name: x.name,
                      tenant_key: this.state.tenantKey,
                      mentioned_type: 'bot',
                    })),
                  }
                : {}),
            },
          }),
        );
      }
    }
    return { message_id: message.messageId, chat_id: chat.chatId, deliveries };
  }

  /** A user creates a group (and adds the bot, which is told so by an event). */
  private async createChat(raw: unknown) {
    const b = newChat.parse(raw);
    for (const id of b.members) if (!this.state.users.has(id)) throw new TestApiError(404, `no user ${id}`);
    const appId = b.app_id ?? [...this.state.apps.keys()][0]!;
    const operator = this.state.users.get(b.operator_open_id ?? b.members[0]!)!;
    const chat = this.state.createGroup(b.name, b.members, b.add_bot ? [appId] : [], operator.openId);
    const deliveries = [];
    if (b.add_bot) {
      deliveries.push(
        await this.events.deliverEvent(this.state.apps.get(appId)!, 'im.chat.member.bot.added_v1', {
          chat_id: chat.chatId,
          operator_id: { union_id: operator.unionId, user_id: operator.userId, open_id: operator.openId },
          external: false,
          operator_tenant_key: this.state.tenantKey,
          name: chat.name,
        }),
      );
    }
    return { chat_id: chat.chatId, deliveries };
  }

  /** A user clicks a button or submits a form on a card; returns what the user's client shows. */
  private async userClicks(raw: unknown) {
    const b = cardAction.parse(raw);
    const user = this.state.users.get(b.open_id);
    if (!user) throw new TestApiError(404, `no user ${b.open_id}`);
    const message = this.state.messages.get(b.message_id);
    if (!message || message.msgType !== 'interactive' || message.sender.type !== 'app')
      throw new TestApiError(404, `no card message ${b.message_id}`);
    const chat = this.state.chats.get(message.chatId)!;
    if (!chat.members.has(user.openId)) throw new TestApiError(400, `${user.name} cannot see this card`);
    const app = this.state.apps.get(message.sender.appId)!;
    const token = this.state.ids.cardToken();
    this.state.cardTokens.set(token, {
      messageId: message.messageId,
      appId: app.appId,
      issuedAt: this.now(),
      uses: 0,
    });
    const outcome = await this.events.deliverCallback(app, {
      operator: {
        tenant_key: this.state.tenantKey,
        user_id: user.userId,
        open_id: user.openId,
        union_id: user.unionId,
      },
      token,
      action: {
        value: b.value,
        tag: b.tag,
        timezone: 'Asia/Shanghai',
        ...(b.name ? { name: b.name } : {}),
        ...(b.form_value ? { form_value: b.form_value } : {}),
      },
      host: 'im_message',
      context: { open_message_id: message.messageId, open_chat_id: chat.chatId },
    });
    if (outcome.ok && outcome.card !== undefined)
      this.api.applyCardVersion(message, JSON.stringify(outcome.card), 'callback');
    return outcome;
  }

  /**
   * What a developer sets in the console: the encrypt key, and the event/callback URL — saved only
   * once the URL answers the url_verification challenge, as the platform does.
   */
  private async configureApp(appId: string, raw: unknown) {
    const app = this.state.apps.get(appId);
    if (!app) throw new TestApiError(404, `no app ${appId}`);
    const b = appSettings.parse(raw ?? {});
    if (b.encrypt_key !== undefined) app.encryptKey = b.encrypt_key ?? undefined;
    if (b.event_url) {
      const verified = await this.events.verifyUrl(app, b.event_url);
      if (!verified.ok) throw new TestApiError(400, `事件请求地址校验失败：${verified.reason}`);
    }
    if (b.event_url !== undefined) app.eventUrl = b.event_url ?? undefined;
    return { app_id: app.appId, event_url: app.eventUrl ?? null, encrypted: Boolean(app.encryptKey) };
  }

  private setFaults(raw: unknown) {
    const b = faultsBody.parse(raw ?? {});
    if (b.errors_for_ms !== undefined) this.faults.errorsUntil = this.now() + b.errors_for_ms;
    if (b.latency_ms !== undefined) this.faults.latencyMs = b.latency_ms;
    if (b.reset_requests !== undefined) this.faults.resets = b.reset_requests;
    if (b.duplicate_deliveries !== undefined) this.events.duplicates = b.duplicate_deliveries;
    if (b.drop_connections) this.connections.dropAll();
    if (b.forget_tokens) this.state.tokens.clear();
    return { faults: this.faults, duplicate_deliveries: this.events.duplicates };
  }

  /** Forgets messages, tokens, deliveries and faults; keeps apps, users and chats. */
  private reset() {
    this.state.messages.clear();
    this.state.tokens.clear();
    this.state.tokenStats.requests = 0;
    this.state.tokenStats.rejected = 0;
    this.state.sendUuids.clear();
    this.state.cardTokens.clear();
    this.events.deliveries.length = 0;
    this.events.duplicates = 0;
    this.faults.errorsUntil = 0;
    this.faults.latencyMs = 0;
    this.faults.resets = 0;
    this.limiter.reset();
    return { reset: true };
  }
}

class TestApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
