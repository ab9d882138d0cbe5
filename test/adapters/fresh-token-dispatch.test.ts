import { useDemoBot } from '../helpers/demo-bot';
import { chatAs, taskCardsPerInspector, title, untilDispatched } from '../helpers/chat';
import { metricValue } from '../helpers/metric-value';
import { forgetTokens, testApi, tokenStats } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';

/**
 * The fault of the outside review: mid-dispatch the platform forgets its tenant tokens (the emulator's
 * `forget_tokens`), so every call with the SDK's cached token gets HTTP 400 99991663. The calls in flight
 * fetch one new token together and are made again: every task card arrives once, no job fails or even
 * retries, and `/readyz`'s Feishu check is ready at its next probe.
 */
describe('the platform forgets its tenant tokens mid-dispatch', () => {
  const { emu, db, bot, errors } = useDemoBot();

  const { say, cardsOf, cardTitled, press } = chatAs(emu);

  it('delivers every task card exactly once, fails no job, and /readyz recovers by itself', async () => {
    const { models } = db();
    await say('彭世杰', '/抽查 娱乐');
    await press('彭世杰', await cardTitled('彭世杰', '抽取发起：娱乐场所'), '提交审批');
    const approval = await cardTitled('赵晓辉', '待审批：娱乐场所');
    await bot().feishuReady(); // the bot holds a token the platform knows

    // Every Open API call takes 150 ms, so the dispatch's cards are still going out when the tokens go.
    await testApi(emu(), 'POST', 'faults', { latency_ms: 150 });
    expect((await press('赵晓辉', approval, '批准', { phrase: '令牌 失效 测试' })).toast.type).toBe(
      'success',
    );
    await untilDispatched(models);
    const draw = (await models.Draw.findOne({}).lean())!;
    const tasks = await models.Task.find({ drawNo: draw.drawNo }).lean();
    const notices = 1 + tasks.reduce((n, t) => n + t.inspectorKeys.length, 0);
    const receipts = () => models.Receipt.countDocuments({ kind: 'notice' });
    await waitFor(async () => (await receipts()) > 0, 'first notice sent');

    const before = await tokenStats(emu());
    await forgetTokens(emu());
    const atForget = await receipts();
    expect(atForget).toBeLessThan(notices); // the fault came mid-dispatch
    // `/readyz`'s next probe (no restart, no waiting for the SDK's cache to expire).
    const probe = await bot()
      .feishuReady()
      .then(
        () => 'ok',
        (err: Error) => err.message,
      );
    await testApi(emu(), 'POST', 'faults', { latency_ms: 0 });

    const failedJobs = async () => (await bot().queue.queue.getJobCounts('failed')).failed ?? 0;
    for (const end = Date.now() + 60_000; (await receipts()) < notices && (await failedJobs()) === 0;) {
      if (Date.now() > end) throw new Error(`${await receipts()} of ${notices} notices after 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await bot().queue.idle(30_000);

    expect({ failedJobs: await failedJobs(), notices: await receipts() }).toEqual({ failedJobs: 0, notices });

    for (const [got, expected] of await taskCardsPerInspector(models, cardsOf, tasks))
      expect(got).toEqual(expected);
    expect((await cardsOf('彭世杰')).filter((m) => title(m) === '检查任务已派发：娱乐场所')).toHaveLength(1);
    const after = await tokenStats(emu());
    expect(after.rejected).toBeGreaterThan(before.rejected); // the fault did bite
    expect(after.requests - before.requests).toBe(1); // one new token for every call that failed on the old one
    const metrics = bot().deps.metrics!;
    expect(await metricValue(metrics, 'ssj_jobs_seconds_count', { outcome: 'retry' })).toBe(0);
    expect(await metricValue(metrics, 'ssj_sends_total', { result: 'failed' })).toBe(0);
    expect(probe).toBe('ok');
    expect(errors).toEqual([]);
  }, 120_000);
});
