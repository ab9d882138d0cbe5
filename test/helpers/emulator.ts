import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server';

export const TEST_APP = {
  appId: 'cli_a1b2c3d4e5f60718',
  appSecret: 'test-secret-0123456789',
  name: '抽查助手',
  verificationToken: 'verify-token-abc',
  encryptKey: 'encrypt-key-xyz',
};

export const TEST_USERS = [
  { name: '彭世杰', mobile: '13900000001', email: 'pengshijie@example.gov.cn' },
  { name: '赵晓辉', mobile: '13900000002' },
  { name: '李明', mobile: '13900000003' },
];

/** An emulator for one test file, stopped afterwards; `eventUrl` may be set once the bot listens. */
export function useEmulator(opts: Partial<EmulatorOptions> = {}): () => Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({
      apps: [{ ...TEST_APP }],
      users: TEST_USERS,
      chats: [{ name: '治安大队工作群', members: ['彭世杰', '李明'] }],
      ...opts,
    });
  });
  afterAll(async () => {
    await emu?.stop();
  });
  return () => emu!;
}

/** Calls the emulator's test API. */
export async function testApi<T = unknown>(
  emu: Emulator,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`test API ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A user's open id, through the test API. */
export async function openIdOf(emu: Emulator, name: string): Promise<string> {
  const users = await testApi<{ name: string; openId: string }[]>(emu, 'GET', 'users');
  const user = users.find((u) => u.name === name);
  if (!user) throw new Error(`no user ${name}`);
  return user.openId;
}

export interface SentMessage {
  message_id: string;
  msg_type: string;
  chat_id: string;
  sender: { id: string; sender_type: string };
  content: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  versions: { via: string; content: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  urgent: { kind: string; openIds: string[]; at: number }[];
}

/** Messages of a chat (or of a user's chat with the bot), through the test API. */
export function messagesOf(
  emu: Emulator,
  where: { chat_id?: string; open_id?: string },
): Promise<SentMessage[]> {
  const q = where.chat_id ? `chat_id=${where.chat_id}` : `open_id=${where.open_id}`;
  return testApi<SentMessage[]>(emu, 'GET', `messages?${q}`);
}

/** The emulator forgets every tenant token it issued (as the platform did): calls with one get 99991663. */
export async function forgetTokens(emu: Emulator): Promise<void> {
  await testApi(emu, 'POST', 'faults', { forget_tokens: true });
}

/** Live tokens, calls of the token endpoint, and Open API calls refused for a bad token, since the start or reset. */
export function tokenStats(emu: Emulator): Promise<{ live: number; requests: number; rejected: number }> {
  return testApi(emu, 'GET', 'tokens');
}
