import { IdFactory } from './ids';

export interface AppSeed {
  /** `cli_` + 16 hex: the SDK's WSClient silently refuses anything else. */
  appId: string;
  appSecret: string;
  name: string;
  verificationToken: string;
  encryptKey?: string;
  /** Webhook URL for events and card callbacks; without it the app must use the long connection. */
  eventUrl?: string;
}

export interface UserSeed {
  name: string;
  mobile?: string;
  email?: string;
  /** Fixed ids (e.g. from a previous run); generated when absent. */
  openId?: string;
  userId?: string;
}

export interface ChatSeed {
  name: string;
  /** Member names (users), the bot is added too. */
  members: string[];
}

export interface User {
  openId: string;
  unionId: string;
  userId: string;
  name: string;
  mobile?: string;
  email?: string;
}

export interface Chat {
  chatId: string;
  name: string;
  type: 'p2p' | 'group';
  members: Set<string>;
  /** App ids of the bots in the chat. */
  bots: Set<string>;
  ownerId?: string;
}

export interface CardVersion {
  content: string;
  at: number;
  /** `send`, `patch`, `callback` (returned from a card action) or `delayed` (callback token). */
  via: 'send' | 'patch' | 'callback' | 'delayed';
}

export interface Message {
  messageId: string;
  chatId: string;
  sender: { type: 'app'; appId: string } | { type: 'user'; openId: string };
  msgType: string;
  content: string;
  createTime: number;
  updateTime: number;
  rootId?: string;
  parentId?: string;
  deleted: boolean;
  /** Every version of a card, the first being what was sent. */
  versions: CardVersion[];
  urgent: { kind: 'app' | 'sms' | 'phone'; openIds: string[]; at: number }[];
  mentions: { key: string; openId: string; name: string }[];
}

export interface StoredFile {
  key: string;
  kind: 'file' | 'image';
  name: string;
  contentType: string;
  data: Buffer;
  owner: { type: 'app'; appId: string } | { type: 'user'; openId: string };
}

/** The emulator's whole world, in memory; reset between tests through the test API. */
export class EmulatorState {
  readonly ids: IdFactory;
  readonly apps = new Map<string, AppSeed>();
  readonly users = new Map<string, User>();
  readonly chats = new Map<string, Chat>();
  readonly messages = new Map<string, Message>();
  readonly tokens = new Map<string, { appId: string; expiresAt: number }>();
  /** Calls of the token endpoint, and Open API calls refused for a missing or invalid token (for tests). */
  readonly tokenStats = { requests: 0, rejected: 0 };
  /** `${appId} ${uuid}` → message id, for the 1-hour de-duplication of sends. */
  readonly sendUuids = new Map<string, { messageId: string; at: number }>();
  readonly cardTokens = new Map<
    string,
    { messageId: string; appId: string; issuedAt: number; uses: number }
  >();
  /** Uploaded files and images, and files users sent, by key. */
  readonly files = new Map<string, StoredFile>();
  readonly tenantKey = '736588c9260f175e';

  constructor(seeds: { apps: AppSeed[]; users: UserSeed[]; chats?: ChatSeed[] }, seed = 'emulator') {
    this.ids = new IdFactory(seed);
    for (const app of seeds.apps) {
      if (!/^cli_[0-9a-f]{16}$/.test(app.appId))
        throw new Error(`app id must be cli_ + 16 hex: ${app.appId}`);
      this.apps.set(app.appId, app);
    }
    for (const u of seeds.users) this.addUser(u);
    for (const c of seeds.chats ?? [])
      this.createGroup(
        c.name,
        c.members.map((n) => this.userByName(n).openId),
        [...this.apps.keys()],
      );
  }

  addUser(u: UserSeed): User {
    const user: User = {
      openId: u.openId ?? this.ids.openId(),
      unionId: this.ids.unionId(),
      userId: u.userId ?? this.ids.userId(),
      name: u.name,
      mobile: u.mobile,
      email: u.email,
    };
    this.users.set(user.openId, user);
    return user;
  }

  userByName(name: string): User {
    const u = [...this.users.values()].find((x) => x.name === name);
    if (!u) throw new Error(`no such user: ${name}`);
    return u;
  }

  createGroup(name: string, memberOpenIds: string[], botAppIds: string[], ownerId?: string): Chat {
    const chat: Chat = {
      chatId: this.ids.chatId(),
      name,
      type: 'group',
      members: new Set(memberOpenIds),
      bots: new Set(botAppIds),
      ownerId,
    };
    this.chats.set(chat.chatId, chat);
    return chat;
  }

  /** The one-to-one chat between a user and a bot, created on first use as the platform does. */
  p2pChat(appId: string, openId: string): Chat {
    const existing = [...this.chats.values()].find(
      (c) => c.type === 'p2p' && c.bots.has(appId) && c.members.has(openId),
    );
    if (existing) return existing;
    const chat: Chat = {
      chatId: this.ids.chatId(),
      name: '',
      type: 'p2p',
      members: new Set([openId]),
      bots: new Set([appId]),
    };
    this.chats.set(chat.chatId, chat);
    return chat;
  }
}
