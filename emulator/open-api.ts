import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { validateCard } from './card-validator';
import { E, PlatformError } from './errors';
import { platformImage } from './images';
import type { RateLimiter } from './rate-limit';
import type { Chat, EmulatorState, Message, User } from './state';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A file download instead of JSON. */
  binary?: { data: Buffer; contentType: string; filename: string };
}

/** The platform's limits (feishu-platform-notes §3), overridable for tests. */
export interface Limits {
  appPerSecond: number;
  appPerMinute: number;
  perUserPerSecond: number;
  perChatPerSecond: number;
  patchPerMessagePerSecond: number;
  tokenSeconds: number;
  uuidWindowMs: number;
  patchWindowMs: number;
  cardTokenMs: number;
  cardTokenUses: number;
  textMaxBytes: number;
  cardMaxBytes: number;
}

export const PLATFORM_LIMITS: Limits = {
  appPerSecond: 50,
  appPerMinute: 1000,
  perUserPerSecond: 5,
  perChatPerSecond: 5,
  patchPerMessagePerSecond: 5,
  tokenSeconds: 7200,
  uuidWindowMs: 3600_000,
  patchWindowMs: 14 * 86400_000,
  cardTokenMs: 30 * 60_000,
  cardTokenUses: 2,
  textMaxBytes: 150 * 1024,
  cardMaxBytes: 30 * 1024,
};

const ok = (data: unknown = {}): ApiResponse => ({ status: 200, body: { code: 0, msg: 'success', data } });

const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const r = schema.safeParse(value);
  if (!r.success)
    throw E.badParam(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
};

const sendBody = z
  .object({
    receive_id: z.string().min(1),
    msg_type: z.enum([
      'text',
      'post',
      'image',
      'file',
      'audio',
      'media',
      'sticker',
      'interactive',
      'share_chat',
      'share_user',
    ]),
    content: z.string().min(1),
    uuid: z.string().max(50).optional(),
  })
  .strict();
const replyBody = z
  .object({
    msg_type: sendBody.shape.msg_type,
    content: z.string().min(1),
    reply_in_thread: z.boolean().optional(),
    uuid: z.string().max(50).optional(),
  })
  .strict();
const patchBody = z.object({ content: z.string().min(1) }).strict();
const urgentBody = z.object({ user_id_list: z.array(z.string().min(1)).min(1).max(200) }).strict();
const cardUpdateBody = z
  .object({ token: z.string().min(1), card: z.record(z.string(), z.unknown()) })
  .strict();
const batchGetIdBody = z
  .object({
    emails: z.array(z.string()).max(50).optional(),
    mobiles: z.array(z.string()).max(50).optional(),
    include_resigned: z.boolean().optional(),
  })
  .strict();
const createChatBody = z
  .object({
    name: z.string().min(1).max(60),
    description: z.string().optional(),
    owner_id: z.string().optional(),
    user_id_list: z.array(z.string()).optional(),
    bot_id_list: z.array(z.string()).optional(),
    chat_mode: z.literal('group').optional(),
    chat_type: z.enum(['private', 'public']).optional(),
    group_message_type: z.enum(['chat', 'thread']).optional(),
    urgent_setting: z.enum(['only_owner', 'all_members']).optional(),
  })
  .strict();

const idTypes = ['open_id', 'user_id', 'union_id'] as const;

/** The Open API paths the bot uses, answering as the platform does. */
export class OpenApi {
  constructor(
    private readonly state: EmulatorState,
    private readonly now: () => number,
    private readonly limiter: RateLimiter,
    readonly limits: Limits,
  ) {}

  async handle(req: ApiRequest): Promise<ApiResponse | null> {
    try {
      return await this.route(req);
    } catch (err) {
      if (err instanceof PlatformError) return { status: err.status, body: err.body(), headers: err.headers };
      throw err;
    }
  }

  private route(req: ApiRequest): ApiResponse | Promise<ApiResponse> | null {
    const { method, path } = req;
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal')
      return this.token(req.body);
    if (method === 'POST' && path === '/open-apis/im/v1/messages') return this.send(this.auth(req), req);
    if (method === 'POST' && (m = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/)))
      return this.reply(this.auth(req), m[1]!, req.body);
    if (
      method === 'PATCH' &&
      (m = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_(app|sms|phone)$/))
    )
      return this.urgent(this.auth(req), m[1]!, m[2] as 'app' | 'sms' | 'phone', req);
    if (method === 'PATCH' && (m = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)$/)))
      return this.patch(this.auth(req), m[1]!, req.body);
    if (method === 'POST' && path === '/open-apis/interactive/v1/card/update')
      return this.delayedUpdate(this.auth(req), req.body);
    if (method === 'GET' && (m = path.match(/^\/open-apis\/contact\/v3\/users\/([^/]+)$/)))
      return this.getUser(this.auth(req), m[1]!, req.query);
    if (method === 'POST' && path === '/open-apis/contact/v3/users/batch_get_id')
      return this.batchGetId(this.auth(req), req);
    if (method === 'POST' && path === '/open-apis/im/v1/chats') return this.createChat(this.auth(req), req);
    if (method === 'GET' && (m = path.match(/^\/open-apis\/im\/v1\/chats\/([^/]+)\/members$/)))
      return this.members(this.auth(req), m[1]!, req.query);
    if (method === 'GET' && path === '/open-apis/bot/v3/info') return this.botInfo(this.auth(req));
    if (method === 'POST' && path === '/open-apis/im/v1/files')
      return this.upload(this.auth(req), 'file', req.body);
    if (method === 'POST' && path === '/open-apis/im/v1/images')
      return this.upload(this.auth(req), 'image', req.body);
    if (method === 'GET' && (m = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/)))
      return this.download(this.auth(req), m[1]!, decodeURIComponent(m[2]!), req.query);
    return null;
  }

  // --- auth ---

  private token(body: unknown): ApiResponse {
    this.state.tokenStats.requests++;
    const b = body as { app_id?: unknown; app_secret?: unknown } | null;
    const app = typeof b?.app_id === 'string' ? this.state.apps.get(b.app_id) : undefined;
    // Bad credentials answer HTTP 200 with a code, unlike every other API.
    if (!app || b?.app_secret !== app.appSecret)
      return { status: 200, body: { code: 10003, data: {}, msg: 'invalid param' } };
    const t = this.now();
    const current = [...this.state.tokens.entries()].find(
      ([, v]) => v.appId === app.appId && v.expiresAt - t >= 30 * 60_000,
    );
    if (current)
      return {
        status: 200,
        body: {
          code: 0,
          msg: 'ok',
          tenant_access_token: current[0],
          expire: Math.floor((current[1].expiresAt - t) / 1000),
        },
      };
    const token = this.state.ids.tenantToken();
    this.state.tokens.set(token, { appId: app.appId, expiresAt: t + this.limits.tokenSeconds * 1000 });
    return {
      status: 200,
      body: { code: 0, msg: 'ok', tenant_access_token: token, expire: this.limits.tokenSeconds },
    };
  }

  private auth(req: ApiRequest): string {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? this.state.tokens.get(header.slice(7).trim()) : undefined;
    if (token && token.expiresAt > this.now()) return token.appId;
    this.state.tokenStats.rejected++;
    throw header?.startsWith('Bearer ') ? E.invalidToken() : E.missingToken();
  }

  // --- messages ---

  private send(appId: string, req: ApiRequest): ApiResponse {
    const idType = req.query.get('receive_id_type');
    if (!idType || !['open_id', 'user_id', 'union_id', 'email', 'chat_id'].includes(idType)) {
      throw E.badParam('receive_id_type must be one of open_id, user_id, union_id, email, chat_id');
    }
    const body = parse(sendBody, req.body);
    const chat = this.resolveReceiver(appId, idType, body.receive_id);
    return this.createMessage(appId, chat, body.msg_type, body.content, body.uuid);
  }

  private reply(appId: string, messageId: string, rawBody: unknown): ApiResponse {
    const body = parse(replyBody, rawBody);
    const parent = this.message(messageId);
    const chat = this.state.chats.get(parent.chatId)!;
    if (!chat.bots.has(appId)) throw E.botNotInChat();
    return this.createMessage(appId, chat, body.msg_type, body.content, body.uuid, parent);
  }

  private createMessage(
    appId: string,
    chat: Chat,
    msgType: string,
    content: string,
    uuid?: string,
    parent?: Message,
  ): ApiResponse {
    const t = this.now();
    if (uuid) {
      const seen = this.state.sendUuids.get(`${appId} ${uuid}`);
      if (seen && t - seen.at < this.limits.uuidWindowMs)
        return ok(this.view(this.state.messages.get(seen.messageId)!));
    }
    this.rateLimit(appId, chat);
    this.checkContent(msgType, content);
    const message: Message = {
      messageId: this.state.ids.messageId(),
      chatId: chat.chatId,
      sender: { type: 'app', appId },
      msgType,
      content,
      createTime: t,
      updateTime: t,
      rootId: parent ? (parent.rootId ?? parent.messageId) : undefined,
      parentId: parent?.messageId,
      deleted: false,
      versions: msgType === 'interactive' ? [{ content, at: t, via: 'send' }] : [],
      urgent: [],
      mentions: [],
    };
    this.state.messages.set(message.messageId, message);
    if (uuid) this.state.sendUuids.set(`${appId} ${uuid}`, { messageId: message.messageId, at: t });
    return ok(this.view(message));
  }

  private rateLimit(appId: string, chat: Chat): void {
    const app = this.limiter.take(`app:${appId}`, [
      { limit: this.limits.appPerSecond, ms: 1000 },
      { limit: this.limits.appPerMinute, ms: 60_000 },
    ]);
    if (app) throw E.rateLimited(app.limit, app.resetSeconds);
    const perTarget = chat.type === 'p2p' ? this.limits.perUserPerSecond : this.limits.perChatPerSecond;
    if (this.limiter.take(`chat:${chat.chatId}`, [{ limit: perTarget, ms: 1000 }])) throw E.frequency();
  }

  private checkContent(msgType: string, content: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw E.badParam('content is not a valid JSON string');
    }
    const obj = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
    const bytes = Buffer.byteLength(content);
    switch (msgType) {
      case 'text':
        if (typeof obj?.text !== 'string')
          throw E.badParam('content of a text message must be {"text": string}');
        if (bytes > this.limits.textMaxBytes) throw E.tooLong('150 KB');
        return;
      case 'post':
        if (!obj) throw E.badParam('content of a post must be an object');
        if (bytes > this.limits.cardMaxBytes) throw E.tooLong('30 KB');
        return;
      case 'image':
        if (typeof obj?.image_key !== 'string')
          throw E.badParam('content of an image message must be {"image_key": string}');
        return;
      case 'file':
        if (typeof obj?.file_key !== 'string')
          throw E.badParam('content of a file message must be {"file_key": string}');
        return;
      case 'interactive':
        this.checkCard(obj, content);
        return;
      default:
        if (!obj) throw E.badParam(`content of a ${msgType} message must be an object`);
    }
  }

  private checkCard(card: Record<string, unknown> | null, raw: string): void {
    if (Buffer.byteLength(raw) > this.limits.cardMaxBytes) throw E.tooLong('30 KB');
    if (card && card.type === 'template') return; // template cards live in the card builder, not here
    const problems = validateCard(card, raw);
    if (problems.length > 0)
      throw E.badCard(problems.map((p) => `${p.path || 'card'}: ${p.message}`).join('; '));
  }

  private patch(appId: string, messageId: string, rawBody: unknown): ApiResponse {
    const body = parse(patchBody, rawBody);
    const message = this.message(messageId);
    if (message.sender.type !== 'app' || message.sender.appId !== appId) throw E.notYourMessage();
    if (message.msgType !== 'interactive')
      throw E.badParam('only interactive (card) messages can be updated with PATCH');
    const t = this.now();
    if (t - message.createTime > this.limits.patchWindowMs) throw E.tooOld();
    if (this.limiter.take(`patch:${messageId}`, [{ limit: this.limits.patchPerMessagePerSecond, ms: 1000 }]))
      throw E.frequency();
    let card: unknown;
    try {
      card = JSON.parse(body.content);
    } catch {
      throw E.badParam('content is not a valid JSON string');
    }
    this.checkCard(card as Record<string, unknown>, body.content);
    this.applyCardVersion(message, body.content, 'patch');
    return ok({});
  }

  /** Records a new version of a card (PATCH, a callback's answer, or a delayed update). */
  applyCardVersion(message: Message, content: string, via: 'patch' | 'callback' | 'delayed'): void {
    const t = this.now();
    message.content = content;
    message.updateTime = t;
    message.versions.push({ content, at: t, via });
  }

  private urgent(
    appId: string,
    messageId: string,
    kind: 'app' | 'sms' | 'phone',
    req: ApiRequest,
  ): ApiResponse {
    const idType = req.query.get('user_id_type');
    if (!idType || !(idTypes as readonly string[]).includes(idType))
      throw E.badParam('user_id_type must be one of open_id, user_id, union_id');
    const body = parse(urgentBody, req.body);
    const message = this.message(messageId);
    if (message.sender.type !== 'app' || message.sender.appId !== appId) throw E.notYourMessage();
    const chat = this.state.chats.get(message.chatId)!;
    const invalid: string[] = [];
    const openIds: string[] = [];
    for (const id of body.user_id_list) {
      const user = this.findUser(idType as (typeof idTypes)[number], id);
      if (!user || !chat.members.has(user.openId)) invalid.push(id);
      else openIds.push(user.openId);
    }
    if (openIds.length > 0) message.urgent.push({ kind, openIds, at: this.now() });
    return ok({ invalid_user_id_list: invalid });
  }

  private delayedUpdate(appId: string, rawBody: unknown): ApiResponse {
    const body = parse(cardUpdateBody, rawBody);
    if (!/^c-[0-9a-f]+$/.test(body.token)) throw E.cardTokenBad();
    const token = this.state.cardTokens.get(body.token);
    if (!token || token.appId !== appId) throw E.cardTokenBad();
    if (this.now() - token.issuedAt > this.limits.cardTokenMs) throw E.cardTokenExpired();
    if (token.uses >= this.limits.cardTokenUses) throw E.cardTokenOverused();
    const raw = JSON.stringify(body.card);
    this.checkCard(body.card, raw);
    token.uses++;
    this.applyCardVersion(this.message(token.messageId), raw, 'delayed');
    return { status: 200, body: { code: 0, msg: 'ok' } };
  }

  // --- files ---

  private async upload(appId: string, kind: 'file' | 'image', body: unknown): Promise<ApiResponse> {
    const form = body as
      { fields?: Record<string, string>; file?: { name: string; type: string; data: Buffer } } | undefined;
    if (!form?.fields) throw E.badParam('the body must be multipart/form-data');
    const file = form.file;
    if (!file) throw E.badParam(`${kind} is required`);
    let stored = { data: file.data, contentType: file.type || 'application/octet-stream' };
    if (kind === 'file') {
      if (file.data.length === 0) throw E.badParam('file is required and may not be empty');
      const type = form.fields.file_type;
      if (!['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream'].includes(type ?? ''))
        throw E.badParam('file_type must be one of opus, mp4, pdf, doc, xls, ppt, stream');
      if (!form.fields.file_name) throw E.badParam('file_name is required');
      if (file.data.length > 30 * 1024 * 1024)
        throw new PlatformError(400, 234006, 'The file size exceeds the limit (30 MB).');
    } else {
      if (!['message', 'avatar'].includes(form.fields.image_type ?? ''))
        throw E.badParam('image_type must be message or avatar');
      if (file.data.length > 10 * 1024 * 1024)
        throw new PlatformError(400, 234006, 'The image size exceeds the limit (10 MB).');
      stored = await platformImage(file.data);
    }
    const key = kind === 'file' ? this.state.ids.fileKey() : this.state.ids.imageKey();
    this.state.files.set(key, {
      key,
      kind,
      name: form.fields.file_name ?? file.name,
      ...stored,
      owner: { type: 'app', appId },
    });
    return ok(kind === 'file' ? { file_key: key } : { image_key: key });
  }

  private download(appId: string, messageId: string, key: string, query: URLSearchParams): ApiResponse {
    const type = query.get('type');
    if (type !== 'file' && type !== 'image') throw E.badParam('type must be file or image');
    const message = this.message(messageId);
    if (message.msgType === 'interactive')
      throw new PlatformError(
        400,
        234043,
        'Unsupported message type: resources of card messages cannot be downloaded.',
      );
    if (!this.state.chats.get(message.chatId)!.bots.has(appId)) throw E.botNotInChat();
    const file = this.state.files.get(key);
    if (!file || !message.content.includes(key)) throw new PlatformError(400, 234003, 'File not in msg.');
    // The API serves resources up to 100 MB; a larger one a user sent cannot be downloaded at all.
    if (file.data.length > 100 * 1024 * 1024)
      throw new PlatformError(400, 234037, 'Downloaded file size exceeds limit.');
    return {
      status: 200,
      body: null,
      binary: { data: file.data, contentType: file.contentType, filename: file.name },
    };
  }

  // --- contact and chats ---

  private findUser(idType: string, id: string): User | undefined {
    const all = [...this.state.users.values()];
    if (idType === 'open_id') return this.state.users.get(id);
    if (idType === 'user_id') return all.find((u) => u.userId === id);
    if (idType === 'union_id') return all.find((u) => u.unionId === id);
    if (idType === 'email') return all.find((u) => u.email === id);
    return undefined;
  }

  private resolveReceiver(appId: string, idType: string, id: string): Chat {
    if (idType === 'chat_id') {
      const chat = this.state.chats.get(id);
      if (!chat) throw E.notFound(`chat ${id}`);
      if (!chat.bots.has(appId)) throw E.botNotInChat();
      return chat;
    }
    const user = this.findUser(idType, id);
    if (!user) throw E.badParam(`receive_id ${id} is not a valid ${idType}`);
    return this.state.p2pChat(appId, user.openId);
  }

  private userView(u: User) {
    return {
      open_id: u.openId,
      union_id: u.unionId,
      user_id: u.userId,
      name: u.name,
      en_name: '',
      email: u.email ?? '',
      mobile: u.mobile ?? '',
      status: {
        is_frozen: false,
        is_resigned: false,
        is_activated: true,
        is_exited: false,
        is_unjoin: false,
      },
    };
  }

  private getUser(_appId: string, id: string, query: URLSearchParams): ApiResponse {
    const idType = query.get('user_id_type') ?? 'open_id';
    if (!(idTypes as readonly string[]).includes(idType))
      throw E.badParam('user_id_type must be one of open_id, user_id, union_id');
    const user = this.findUser(idType, id);
    if (!user) throw new PlatformError(400, 41050, 'no user authority error');
    return ok({ user: this.userView(user) });
  }

  private batchGetId(_appId: string, req: ApiRequest): ApiResponse {
    const idType = req.query.get('user_id_type') ?? 'open_id';
    if (!(idTypes as readonly string[]).includes(idType))
      throw E.badParam('user_id_type must be one of open_id, user_id, union_id');
    const body = parse(batchGetIdBody, req.body);
    const all = [...this.state.users.values()];
    const idOf = (u: User) =>
      idType === 'open_id' ? u.openId : idType === 'union_id' ? u.unionId : u.userId;
    const list = [
      ...(body.emails ?? []).map((email) => {
        const u = all.find((x) => x.email === email);
        return u ? { user_id: idOf(u), email } : { email };
      }),
      ...(body.mobiles ?? []).map((mobile) => {
        const u = all.find((x) => x.mobile === mobile || `+86${x.mobile}` === mobile);
        return u ? { user_id: idOf(u), mobile } : { mobile };
      }),
    ];
    return ok({ user_list: list });
  }

  private createChat(appId: string, req: ApiRequest): ApiResponse {
    const idType = req.query.get('user_id_type') ?? 'open_id';
    const body = parse(createChatBody, req.body);
    const members: string[] = [];
    for (const id of body.user_id_list ?? []) {
      const u = this.findUser(idType, id);
      if (!u) throw E.badParam(`user ${id} not found`);
      members.push(u.openId);
    }
    const owner = body.owner_id ? this.findUser(idType, body.owner_id)?.openId : undefined;
    const chat = this.state.createGroup(body.name, members, [appId, ...(body.bot_id_list ?? [])], owner);
    return ok({
      chat_id: chat.chatId,
      name: chat.name,
      owner_id: owner ?? appId,
      chat_mode: 'group',
      chat_type: body.chat_type ?? 'private',
      tenant_key: this.state.tenantKey,
    });
  }

  private members(appId: string, chatId: string, query: URLSearchParams): ApiResponse {
    const chat = this.state.chats.get(chatId);
    if (!chat) throw E.notFound(`chat ${chatId}`);
    if (!chat.bots.has(appId)) throw E.botNotInChat();
    const idType = query.get('member_id_type') ?? 'open_id';
    const items = [...chat.members].map((openId) => {
      const u = this.state.users.get(openId)!;
      return {
        member_id_type: idType,
        member_id: idType === 'open_id' ? u.openId : idType === 'union_id' ? u.unionId : u.userId,
        name: u.name,
        tenant_key: this.state.tenantKey,
      };
    });
    return ok({ items, page_token: '', has_more: false, member_total: items.length });
  }

  private botInfo(appId: string): ApiResponse {
    const app = this.state.apps.get(appId)!;
    return {
      status: 200,
      body: {
        code: 0,
        msg: 'ok',
        bot: {
          activate_status: 2,
          app_name: app.name,
          avatar_url: '',
          ip_white_list: [],
          open_id: `ou_bot_${appId.slice(4)}`,
        },
      },
    };
  }

  private message(id: string): Message {
    const m = this.state.messages.get(id);
    if (!m) throw E.notFound(`message ${id}`);
    if (m.deleted) throw E.recalled();
    return m;
  }

  /** A message as the API returns it. */
  view(m: Message) {
    return {
      message_id: m.messageId,
      root_id: m.rootId,
      parent_id: m.parentId,
      msg_type: m.msgType,
      create_time: String(m.createTime),
      update_time: String(m.updateTime),
      deleted: m.deleted,
      updated: m.versions.length > 1,
      chat_id: m.chatId,
      sender:
        m.sender.type === 'app'
          ? { id: m.sender.appId, id_type: 'app_id', sender_type: 'app', tenant_key: this.state.tenantKey }
          : {
              id: m.sender.openId,
              id_type: 'open_id',
              sender_type: 'user',
              tenant_key: this.state.tenantKey,
            },
      body: { content: m.content },
      mentions: m.mentions.map((x) => ({
        key: x.key,
        id: x.openId,
        id_type: 'open_id',
        name: x.name,
        tenant_key: this.state.tenantKey,
      })),
    };
  }
}
