import { demoWorld } from '../../emulator/seed';
import type { UserSeed } from '../../emulator/state';
import { startBot, type BotRole, type RunningBot } from '../../src/app/bot';
import { deleteKeysWithPrefix } from '../../src/adapters/queue/redis';
import { businessClock } from '../../src/demo/business-clock';
import { DEFAULT_SCHEDULE, type ScheduleConfig } from '../../src/domain/schedule';
import { loadDemoData } from '../../src/demo/load-demo';
import { loadDemoScenario } from '../../src/demo/demo-scenario';
import type { IsoDate } from '../../src/domain/calendar';
import { TEST_APP, testApi, useEmulator } from './emulator';
import { useTestDb, useTestRedis } from './services';
import { useTempDir } from './sheets';

/** The business clock of the bot tests: a day in the demo year 2026, before every deadline. */
export const DEMO_NOW = new Date('2026-11-26T02:00:00Z');

/**
 * The demo bureau for one test file: the emulator with the demo's people and chats (plus `extraUsers`),
 * a database loaded like `npm run demo`, real Redis, and the whole bot over the chosen transport.
 * `errors` collects what the bot reports; each file decides when to assert it is empty.
 */
export function useDemoBot(
  opts: {
    extraUsers?: UserSeed[];
    transport?: 'ws' | 'webhook';
    randomBytes?: (size: number) => Buffer;
    /** The bot's business clock (default: DEMO_NOW, fixed). */
    now?: () => Date;
    /** The demo's clock instead: DEMO_NOW moved forward from the console (the emulator's clock API). */
    businessClock?: boolean;
    schedule?: ScheduleConfig;
    /** What the bot runs (default: all). */
    role?: BotRole;
    /** The database connection reports each command (test/helpers/query-log.ts). */
    monitorCommands?: boolean;
    /**
     * As `npm run demo` started on this day at 10:00 Beijing: the year laid around it (loadDemoScenario),
     * the demo's business clock from there, and the daily trigger on (the day's 09:00 run caught up at start).
     */
    scenarioDay?: IsoDate;
  } = {},
) {
  const world = demoWorld();
  const start0 = opts.scenarioDay ? new Date(`${opts.scenarioDay}T10:00:00+08:00`) : DEMO_NOW;
  const clock =
    opts.businessClock || opts.scenarioDay
      ? businessClock(
          () => bot!.queue,
          DEFAULT_SCHEDULE.runAt,
          () => start0.getTime(),
        )
      : undefined;
  const emu = useEmulator({
    apps: [{ ...TEST_APP }],
    users: [...world.users, ...(opts.extraUsers ?? [])],
    chats: world.chats,
    ...(clock ? { businessClock: clock } : {}),
  });
  const db = useTestDb({ monitorCommands: opts.monitorCommands ?? false });
  const redis = useTestRedis();
  const dir = useTempDir();
  const errors: unknown[] = [];
  let bot: RunningBot | undefined;

  const start = (extra: { scheduleTrigger?: boolean } = {}) =>
    startBot({
      ...extra,
      models: db().models,
      app: { appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, domain: emu().url },
      redis: { url: process.env.TEST_REDIS_URL!, prefix: redis().prefix },
      onError: (e) => errors.push(e),
      now: clock?.date ?? opts.now ?? (() => DEMO_NOW),
      ...(opts.randomBytes ? { randomBytes: opts.randomBytes } : {}),
      ...(opts.schedule ? { schedule: opts.schedule } : {}),
      ...(opts.role ? { role: opts.role } : {}),
      transport:
        opts.transport === 'webhook'
          ? {
              kind: 'webhook',
              encryptKey: TEST_APP.encryptKey,
              verificationToken: TEST_APP.verificationToken,
              port: 0,
            }
          : { kind: 'ws' },
    });
  beforeAll(async () => {
    if (opts.scenarioDay) await loadDemoScenario(db().models, dir(), opts.scenarioDay);
    else await loadDemoData(db().models, dir(), 2026, DEMO_NOW);
    bot = await start({ scheduleTrigger: Boolean(opts.scenarioDay) });
    // Webhook: saved in the app's settings once it answers the platform's URL challenge.
    if (bot.webhookUrl) await testApi(emu(), 'POST', `apps/${TEST_APP.appId}`, { event_url: bot.webhookUrl });
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
  });

  /** A new process: the bot stops, its Redis keys go if `loseRedis`, a new bot starts (with the clock trigger if asked). */
  const restart = async (o: { loseRedis: boolean; scheduleTrigger?: boolean }) => {
    await bot?.stop();
    if (o.loseRedis) await deleteKeysWithPrefix(redis().redis, redis().prefix);
    bot = await start({ scheduleTrigger: o.scheduleTrigger ?? false });
  };

  return {
    emu,
    db,
    dir,
    errors,
    bot: () => bot!,
    redisPrefix: () => redis().prefix,
    restart,
    now: () => (clock?.date ?? opts.now ?? (() => DEMO_NOW))(),
  };
}
