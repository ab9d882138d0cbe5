import type { Server } from 'node:http';
import { findTask } from '../../src/services/task-records';
import type { AddressInfo } from 'node:net';
import { createHttpServers, listen } from '../../src/adapters/http/server';
import { createMetrics, metricsRoute, type Metrics } from '../../src/adapters/metrics';
import { useDemoBot } from '../helpers/demo-bot';
import { chatAs } from '../helpers/chat';
import { testApi } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';
import { noteTaskStatus } from '../../src/services/open-tasks';

/** Prometheus text format: `# HELP`/`# TYPE` lines, then `name{labels} value` samples. */
function parseMetrics(text: string) {
  const types = new Map<string, string>();
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP|TYPE) [a-zA-Z_:][\w:]* /);
      continue;
    }
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    expect(m[3]).toMatch(/^(nan|[+-]inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/i); // Go ParseFloat, case-insensitive
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    samples.push({ name: m[1]!, labels, value });
  }
  return { types, samples };
}

/** One sample's value (0 when absent, as Prometheus treats a counter not yet seen). */
async function sample(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const { samples } = parseMetrics(await metrics.registry.metrics());
  const found = samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found?.value ?? 0;
}

describe('metrics of the demo bot', () => {
  const { emu, db, bot, errors } = useDemoBot();
  afterEach(() => expect(errors).toEqual([]));
  const metrics = () => bot().deps.metrics!;

  const { say, cardTitled, click, button } = chatAs(emu);

  it('counts a message, its reply card and a redelivery', async () => {
    const m = metrics();
    await say('彭世杰', '/帮助');
    await waitFor(async () => (await sample(m, 'ssj_sends_total', { kind: 'card', result: 'ok' })) === 1);
    expect(await sample(m, 'ssj_events_total', { type: 'message', outcome: 'ok' })).toBe(1);

    await testApi(emu(), 'POST', 'faults', { duplicate_deliveries: 1 });
    try {
      await say('彭世杰', '/帮助');
      await waitFor(
        async () => (await sample(m, 'ssj_events_total', { type: 'message', outcome: 'duplicate' })) === 1,
      );
    } finally {
      await testApi(emu(), 'POST', 'faults', { duplicate_deliveries: 0 });
    }
    await waitFor(
      async () => (await sample(m, 'ssj_events_total', { type: 'message', outcome: 'ok' })) === 2,
    );
  });

  it('counts card clicks by outcome with their answer times, and the jobs they start', async () => {
    const m = metrics();
    await say('彭世杰', '/抽查 娱乐');
    const preview = await cardTitled('彭世杰', '抽取发起：娱乐场所');
    const drawNo = button(preview, '提交审批').drawNo as string;

    // A forged approval from the proposer's card: refused (a DomainError), answered with its reason.
    const forged = await click('彭世杰', preview, { action: 'draw.approve', drawNo });
    expect(forged.toast.type).toBe('error');
    expect(await sample(m, 'ssj_events_total', { type: 'card_action', outcome: 'refused' })).toBe(1);

    await click('彭世杰', preview, button(preview, '提交审批'));
    const approval = await cardTitled('赵晓辉', '待审批：娱乐场所');
    await click('赵晓辉', approval, button(approval, '批准'), { phrase: '批准随机码1' });
    expect(await sample(m, 'ssj_events_total', { type: 'card_action', outcome: 'ok' })).toBe(2);
    expect(await sample(m, 'ssj_callback_seconds_count')).toBe(3);
    // Each click answered well inside Feishu's 3 s: all three in the 3 s bucket.
    expect(await sample(m, 'ssj_callback_seconds_bucket', { le: '3' })).toBe(3);

    await bot().queue.idle(20_000);
    expect(await sample(m, 'ssj_jobs_seconds_count', { name: 'dispatch', outcome: 'ok' })).toBe(1);
    expect(await sample(m, 'ssj_jobs_seconds_count', { name: 'send-approval', outcome: 'ok' })).toBe(1);
    const tasks = await db().models.Task.countDocuments({ drawNo });
    expect(await sample(m, 'ssj_jobs_seconds_count', { name: 'send', outcome: 'ok' })).toBe(1 + 2 * tasks);
    expect(await sample(m, 'ssj_sends_total', { kind: 'card', result: 'ok' })).toBeGreaterThan(1 + 2 * tasks);
    expect(await sample(m, 'ssj_sends_total', { kind: 'update', result: 'ok' })).toBeGreaterThan(0);
    expect(await sample(m, 'ssj_sends_total', { result: 'failed' })).toBe(0);
  });

  it('reads queue depths and overdue tasks when scraped', async () => {
    const m = metrics();
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(parseMetrics(await m.registry.metrics()).samples).toContainEqual({
        name: 'ssj_queue_jobs',
        labels: { state },
        value: 0,
      });
    // On the bot's clock (2026-11-26) nothing is late yet; two tasks past their deadline, one of them reported.
    expect(await sample(m, 'ssj_overdue_tasks')).toBe(0);
    const { models } = db();
    const [a, b] = await models.Task.find({}, { _id: 1 }).limit(2).lean();
    /**
     * A task changed as the services would (the task, then its entry among the unfinished ones), its
     * entry given an earlier deadline (a task's deadline is its draw's, which no service moves).
     */
    const change = async (_id: string, deadline: string, status?: 'reported' | 'returned') => {
      if (status) await models.Task.updateOne({ _id }, { status });
      const t = (await findTask(models, _id))!;
      await noteTaskStatus(models, { ...t, deadline }, t.status);
    };
    await change(a!._id, '2026-11-25');
    await change(b!._id, '2026-11-20', 'reported');
    expect(await sample(m, 'ssj_overdue_tasks')).toBe(1);
    await change(b!._id, '2026-11-20', 'returned');
    expect(await sample(m, 'ssj_overdue_tasks')).toBe(2);

    await bot().queue.enqueue('no-such-job', {}, 'metrics-unknown-job');
    await waitFor(async () => (await sample(m, 'ssj_queue_jobs', { state: 'failed' })) === 1);
    expect(await sample(m, 'ssj_jobs_seconds_count', { name: 'no-such-job', outcome: 'failed' })).toBe(1);
    await bot().queue.queue.clean(0, 0, 'failed');
  });

  describe('GET /metrics', () => {
    let servers: { public: Server; ops: Server };
    const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    beforeAll(async () => {
      servers = createHttpServers({ routes: {}, checks: {}, metrics: metricsRoute(metrics()) });
      await listen(servers.public, 0, '127.0.0.1');
      await listen(servers.ops, 0, '127.0.0.1');
    });
    afterAll(() => Promise.all([servers.public, servers.ops].map((s) => new Promise((r) => s.close(r)))));

    it('is served on the operators’ port only', async () => {
      const res = await fetch(url(servers.public));
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('ssj_');
    });

    it('serves every family in the text format', async () => {
      const res = await fetch(url(servers.ops));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const { types, samples } = parseMetrics(await res.text());
      expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('ssj_')))).toEqual({
        ssj_events_total: 'counter',
        ssj_callback_seconds: 'histogram',
        ssj_sends_total: 'counter',
        ssj_jobs_seconds: 'histogram',
        ssj_webhook_rejected_total: 'counter',
        ssj_unreachable_sends_total: 'counter',
        ssj_queue_jobs: 'gauge',
        ssj_overdue_tasks: 'gauge',
      });
      expect(
        samples.find((s) => s.name === 'ssj_callback_seconds_bucket' && s.labels.le === '+Inf'),
      ).toBeTruthy();
    });
  });
});

describe('process metrics', () => {
  it('are in the registry when asked for, and each registry is its own', async () => {
    const withProcess = createMetrics({ processMetrics: true });
    const bare = createMetrics();
    withProcess.events.inc({ type: 'message', outcome: 'ok' });
    const { types } = parseMetrics(await withProcess.registry.metrics());
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(await sample(bare, 'ssj_events_total', { type: 'message', outcome: 'ok' })).toBe(0);
    expect(parseMetrics(await bare.registry.metrics()).types.has('process_cpu_user_seconds_total')).toBe(
      false,
    );
  });
});
