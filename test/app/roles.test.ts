import { startBot, type RunningBot } from '../../src/app/bot';
import { chatAs } from '../helpers/chat';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { TEST_APP } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';

/**
 * `BOT_ROLE` (docs/deploy.md): a process that only takes events answers at once and leaves the work to
 * the queue; a process that only runs jobs takes no events and does that work. Together they are the bot.
 */
describe('a bot split into an events process and a jobs process', () => {
  const { emu, db, errors, bot, redisPrefix } = useDemoBot({ role: 'events' });
  const { ask, cardTitled, say } = chatAs(emu);
  let jobs: RunningBot | undefined;
  afterAll(async () => {
    await jobs?.stop();
  });
  afterEach(() => expect(errors).toEqual([]));

  const handled = async (b: RunningBot) =>
    (await b.deps.metrics!.events.get()).values.reduce((n, v) => n + v.value, 0);

  it('answers with the events process alone, and the queued proposal waits for a jobs process', async () => {
    const { models } = db();
    await ask('彭世杰', '/抽查 公章刻制业', '正在发起抽取');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await models.Draw.countDocuments({})).toBe(0);
    expect(await bot().queue.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });

    jobs = await startBot({
      models: models,
      app: { appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, domain: emu().url },
      redis: { url: process.env.TEST_REDIS_URL!, prefix: redisPrefix() },
      onError: (e) => errors.push(e),
      now: () => DEMO_NOW,
      role: 'jobs',
    });
    // The jobs process makes the proposal; the card the events process sent becomes its preview.
    await cardTitled('彭世杰', '抽取发起：公章刻制业');
    expect(await models.Draw.countDocuments({})).toBe(1);
    // Events still go to the events process only: the jobs process opened no connection.
    // An event is counted once its handling ends, which is after its answer reaches the chat: wait for
    // all three (the proposal and two /帮助) to be counted rather than reading the counter at once.
    await ask('彭世杰', '/帮助', '抽查助手使用说明');
    await say('彭世杰', '/帮助');
    await waitFor(async () => (await handled(bot())) === 3, 'the events process to count 3 events');
    expect(await handled(jobs)).toBe(0);
  });
});
