import { createHash } from 'node:crypto';
import { demoWorld } from '../../emulator/seed';
import type { Directory } from '../../src/adapters/feishu/directory';
import type { MessageFiles } from '../../src/adapters/feishu/files';
import type { OutgoingFile, Recipient, Sender } from '../../src/adapters/feishu/sender';
import { redisDeliveries } from '../../src/adapters/queue/deliveries';
import { openJobQueue, type JobQueue } from '../../src/adapters/queue/job-queue';
import type { BotDeps } from '../../src/app/deps';
import { loadDemoData } from '../../src/demo/load-demo';
import { DEFAULT_SCHEDULE } from '../../src/domain/schedule';
import { typedJobs } from '../../src/services/job-catalog';
import { cachedLookups } from '../../src/services/lookups';
import { queueOps } from '../../src/services/ops';
import { createRouter, type Envelope } from '../../handlers/router';
import { DEMO_NOW } from './demo-bot';
import { demoDraw } from './publications';
import { makeCardAction, makeMessage } from './envelopes';
import { useTestDb, useTestRedis } from './services';
import { useTempDir } from './sheets';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

/** A card the handlers sent, as the platform would have received it. */
export interface PlatformCard {
  to: Recipient;
  card: any;
  uuid: string;
  messageId: string;
}

/**
 * The platform as the handlers' fast tests see it: the cards, updates, 加急, files and pictures the bot
 * sent, kept in memory (Feishu is the one outside party here; `uuid` de-duplicates a resend as the
 * platform does). The people are the demo world's, with open ids of their own.
 */
function memoryPlatform(users: { name: string; mobile?: string | undefined; openId: string }[]) {
  const cards: PlatformCard[] = [];
  const updates: { messageId: string; card: any }[] = [];
  const urgent: { messageId: string; openIds: string[] }[] = [];
  const files: { to: Recipient; file: OutgoingFile; uuid: string }[] = [];
  const incoming = new Map<string, Buffer>();
  let n = 0;
  const sender: Sender = {
    async sendCard(to, card, uuid) {
      const seen = cards.find((c) => c.uuid === uuid);
      if (seen) return seen.messageId;
      const messageId = `om_fast_${++n}`;
      cards.push({ to, card, uuid, messageId });
      return messageId;
    },
    async updateCard(messageId, card) {
      updates.push({ messageId, card });
    },
    async urgentApp(messageId, openIds) {
      urgent.push({ messageId, openIds });
    },
    async sendFile(to, file, uuid) {
      files.push({ to, file, uuid });
      return `om_fast_${++n}`;
    },
    async uploadImage() {
      return `img_fast_${++n}`;
    },
  };
  const directory: Directory = {
    async userByOpenId(openId) {
      const u = users.find((x) => x.openId === openId);
      return u ? { name: u.name, mobile: u.mobile ?? null } : null;
    },
    async openIdsByMobile(mobiles) {
      return new Map(
        users.filter((u) => u.mobile && mobiles.includes(u.mobile)).map((u) => [u.mobile!, u.openId]),
      );
    },
  };
  const messageFiles: MessageFiles = {
    async read(messageId, key, _type, maxBytes) {
      const data = incoming.get(`${messageId}/${key}`);
      if (!data) throw new Error(`no file ${key} in message ${messageId}`);
      if (data.length > maxBytes) throw new Error('file too large');
      return data;
    },
    async download() {
      throw new Error('memoryPlatform: download is not used by these tests');
    },
  };
  return { cards, updates, urgent, files, incoming, sender, directory, messageFiles };
}

/**
 * The handlers' fast tests: the router's one `dispatch` over the demo bureau (a database loaded like
 * `npm run demo`, real Redis for the queue and the claims), with the platform in memory and no bot,
 * worker or emulator. Jobs the handlers enqueue stay queued for the test to read (`jobs()`); the
 * cards they send directly are in `platform.cards`.
 */
export function useHandlerDeps(
  opts: {
    now?: () => Date;
    /** Platform users beside the demo world's (someone the bureau does not know yet, say). */
    extraUsers?: { name: string; mobile?: string }[];
  } = {},
) {
  const users = [...demoWorld().users, ...(opts.extraUsers ?? [])].map((u) => ({
    ...u,
    openId: `ou_${createHash('sha256').update(u.name).digest('hex').slice(0, 16)}`,
  }));
  const platform = memoryPlatform(users);
  const db = useTestDb();
  const redis = useTestRedis();
  const dir = useTempDir();
  const errors: unknown[] = [];
  const background: Promise<void>[] = [];
  let queue: JobQueue | undefined;
  let deps: BotDeps | undefined;
  let router: ReturnType<typeof createRouter> | undefined;

  beforeAll(async () => {
    await loadDemoData(db().models, dir(), 2026, DEMO_NOW);
    queue = openJobQueue(redis().redis, redis().prefix);
    deps = {
      models: db().models,
      directory: platform.directory,
      lookups: cachedLookups(db().models, platform.directory),
      sender: platform.sender,
      files: platform.messageFiles,
      jobs: typedJobs(queue),
      ops: queueOps(queue.queue),
      deliveries: redisDeliveries(redis().redis, redis().prefix),
      now: opts.now ?? (() => DEMO_NOW),
      schedule: DEFAULT_SCHEDULE,
      onError: (err) => errors.push(err),
    };
    router = createRouter(deps, { inBackground: (work) => void background.push(work) });
  }, 60_000);
  afterAll(async () => {
    await queue?.close();
  });

  const openId = (name: string) => {
    const u = users.find((x) => x.name === name);
    if (!u) throw new Error(`no user ${name}`);
    return u.openId;
  };
  const cardsTo = (name: string) =>
    platform.cards.filter((c) => 'openId' in c.to && c.to.openId === openId(name));
  const title = (c: PlatformCard) => c.card?.header?.title?.content as string | undefined;

  /** Dispatches a message and waits for its handling; the cards `sentTo` lists that came meanwhile. */
  const answered = async (message: Envelope, sentTo: () => PlatformCard[]): Promise<PlatformCard[]> => {
    const before = sentTo().length;
    await router!.dispatch(message);
    await Promise.all(background.splice(0));
    return sentTo().slice(before);
  };

  /** `name` says `text` in their chat with the bot; resolves with the cards the bot sent them in answer. */
  const say = (name: string, text: string) =>
    answered(makeMessage({ openId: openId(name), chatId: `oc_p2p_${openId(name)}`, text }), () =>
      cardsTo(name),
    );

  /** Cards the bot sent into a group chat. */
  const cardsIn = (chatId: string) =>
    platform.cards.filter((c) => 'chatId' in c.to && c.to.chatId === chatId);

  /** `name` says `text` in a group chat (@-mentioning the bot); resolves with the cards the bot sent there. */
  const sayIn = (chatId: string, name: string, text: string) =>
    answered(makeMessage({ openId: openId(name), chatId, chatType: 'group', text }), () => cardsIn(chatId));

  /**
   * `name` sends a picture or a file in their chat with the bot, or in the group chat `inGroup` (its
   * bytes kept where the platform's resource download finds them); resolves with the message id and the
   * cards the bot sent in answer.
   */
  const sendAttachment = async (
    name: string,
    a: { type: 'image' } | { type: 'file'; fileName: string },
    data: Buffer = Buffer.alloc(0),
    inGroup?: string,
  ) => {
    const messageId = `om_${Math.random().toString(16).slice(2)}`;
    const key = `${a.type === 'image' ? 'img' : 'file'}_${messageId}`;
    platform.incoming.set(`${messageId}/${key}`, data);
    const cards = await answered(
      makeMessage({
        openId: openId(name),
        chatId: inGroup ?? `oc_p2p_${openId(name)}`,
        ...(inGroup ? { chatType: 'group' as const } : {}),
        messageId,
        messageType: a.type,
        content: JSON.stringify(
          a.type === 'image' ? { image_key: key } : { file_key: key, file_name: a.fileName },
        ),
      }),
      () => (inGroup ? cardsIn(inGroup) : cardsTo(name)),
    );
    return { messageId, key, cards };
  };

  /** `name` clicks a button (or submits a form) on a card; resolves with the answer (toast, card). */
  const click = async (
    name: string,
    value: Record<string, unknown>,
    form?: Record<string, unknown>,
    messageId?: string,
  ): Promise<{ toast?: { type: string; content: string }; card?: any }> => {
    const { answer } = await router!.dispatch(
      makeCardAction({
        openId: openId(name),
        value,
        ...(form ? { form } : {}),
        ...(messageId ? { messageId } : {}),
      }),
    );
    const a = answer as { toast?: { type: string; content: string }; card?: { data?: unknown } } | undefined;
    return { ...(a?.toast ? { toast: a.toast } : {}), ...(a?.card ? { card: a.card.data } : {}) };
  };

  /** The jobs the handlers enqueued so far (names and payloads), oldest first. */
  const jobs = async () =>
    (await queue!.queue.getJobs(['waiting', 'delayed', 'prioritized'], 0, -1, true)).map((j) => ({
      name: j.name,
      data: j.data as Record<string, unknown>,
      id: j.id,
    }));

  /** The first task of a dispatched demo draw of `itemCode`: its number, target and first inspector's name. */
  const dispatchedTask = async (itemCode: string) => {
    const { models } = db();
    const drawNo = await demoDraw(models, itemCode, DEMO_NOW);
    const t = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    const inspector = (await models.Person.findOne({ key: t.inspectorKeys[0] }).lean())!.name;
    return { drawNo, taskNo: t.taskNo, targetName: t.targetName, inspector };
  };

  return {
    db,
    deps: () => deps!,
    dispatchedTask,
    platform,
    errors,
    openId,
    cardsTo,
    title,
    say,
    sayIn,
    sendAttachment,
    click,
    jobs,
  };
}
