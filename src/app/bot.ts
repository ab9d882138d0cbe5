import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type * as lark from '@larksuiteoapi/node-sdk';
import { createRouter, EVENT_TYPES, type Envelope } from '../../handlers/router';
import type { BotDeps } from './deps';
import { typedJobs } from '../services/job-catalog';
import type { Models } from '../adapters/db/models';
import { feishuDirectory } from '../adapters/feishu/directory';
import { messageFiles } from '../adapters/feishu/files';
import { createSender, type SendGate } from '../adapters/feishu/sender';
import { startWsTransport } from '../adapters/feishu/ws-transport';
import { createFeishuClient } from '../adapters/feishu/client';
import { webhookRoute } from '../adapters/feishu/webhook';
import { createHttpServer, type ReadinessCheck, type Route } from '../adapters/http/server';
import { feishuReadiness } from '../adapters/feishu/readiness';
import { createMetrics, type Metrics } from '../adapters/metrics';
import { silentLogger, type LogContext, type Logger } from '../adapters/log';
import { openJobQueue, type JobQueue } from '../adapters/queue/job-queue';
import { connectRedis } from '../adapters/queue/redis';
import { redisDeliveries } from '../adapters/queue/deliveries';
import { redisSendGate } from '../adapters/queue/send-gate';
import { checkIdsAreKeys } from '../adapters/db/id-check';
import { upgradeStore } from '../services/upgrade-store';
import { openTasks } from '../services/open-tasks';
import { cachedLookups } from '../services/lookups';
import { queueOps } from '../services/ops';
import { DEFAULT_SCHEDULE, type ScheduleConfig } from '../domain/schedule';
import { startWorkWorker } from '../../jobs/work-worker';
import { startScheduleTrigger } from '../../jobs/schedule-trigger';
import { reconcileDispatches } from '../services/reconcile-dispatches';

/** The bot's dependencies from a database and an SDK client; clock and randomness may be injected (tests). */
export function botDeps(opts: {
  models: Models;
  client: lark.Client;
  jobs: JobQueue;
  ops: BotDeps['ops'];
  deliveries: BotDeps['deliveries'];
  onError(err: unknown, context?: LogContext): void;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
  schedule?: ScheduleConfig;
  metrics: Metrics;
  log?: Logger;
  /** The platform's rate limits, shared through Redis (startBot); without one, sends are not paced. */
  gate?: SendGate;
}): BotDeps {
  const directory = feishuDirectory(opts.client);
  const { metrics } = opts;
  return {
    models: opts.models,
    directory,
    lookups: cachedLookups(opts.models, directory),
    sender: createSender(opts.client, { metrics, ...(opts.gate ? { gate: opts.gate } : {}) }),
    files: messageFiles(opts.client),
    jobs: typedJobs(opts.jobs),
    ops: opts.ops,
    deliveries: opts.deliveries,
    now: opts.now ?? (() => new Date()),
    schedule: opts.schedule ?? DEFAULT_SCHEDULE,
    randomBytes: opts.randomBytes ?? randomBytes,
    onError: opts.onError,
    metrics,
    ...(opts.log ? { log: opts.log } : {}),
  };
}

/** Where Feishu posts events and card callbacks in webhook mode (one URL for both). */
export const WEBHOOK_PATH = '/feishu/events';

export interface RunningBot {
  deps: BotDeps;
  queue: JobQueue;
  /** In webhook mode: the URL to enter in the developer console. */
  webhookUrl?: string;
  /** For `/readyz`: the tenant token can be had and the Open API answers. */
  feishuReady: ReadinessCheck;
  /**
   * Stops taking events (the transport closes first), waits for events being handled, lets running jobs
   * finish (waiting ones stay in Redis for the next process), closes Redis connections (not the database's).
   */
  stop(): Promise<void>;
}

/**
 * What a process runs: `all` both; `events` the transport and router only (callbacks never wait behind a
 * draw of a large pool); `jobs` the worker, the daily trigger and start-up reconciliation only.
 */
export type BotRole = 'all' | 'events' | 'jobs';

/**
 * The whole bot: the job queue and its worker on Redis, and the router over the long connection (every
 * message and card click goes through it); `role` keeps one half of it.
 */
export async function startBot(opts: {
  models: Models;
  app: { appId: string; appSecret: string; domain: string };
  /** How events arrive: the long connection (default), or a webhook on an HTTP port (0: any free port). */
  transport?:
    | { kind: 'ws' }
    | {
        kind: 'webhook';
        encryptKey: string;
        verificationToken: string;
        /** Answer the platform's unsigned URL challenge (default true; see docs/security.md). */
        answerChallenges?: boolean;
        /** Mount on an existing HTTP server's routes (the bot process), or listen on `port` (tests; 0: any). */
        routes?: Record<string, Route>;
        port?: number;
      };
  redis: { url: string; prefix: string };
  onError(err: unknown, context?: LogContext): void;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
  schedule?: ScheduleConfig;
  /** Run the daily schedule by the clock (the bot and the demo); tests drive it themselves. */
  scheduleTrigger?: boolean;
  /** Prometheus metrics (the bot process serves them on /metrics); the queue and overdue gauges follow this bot. */
  metrics?: Metrics;
  /** The JSON log (the bot process); also receives the SDK's warnings. */
  log?: Logger;
  /** Default `all`. */
  role?: BotRole;
}): Promise<RunningBot> {
  const role = opts.role ?? 'all';
  const runsJobs = role !== 'events';
  await checkIdsAreKeys(opts.models);
  await upgradeStore(opts.models);
  const client = createFeishuClient({ ...opts.app, ...(opts.log ? { log: opts.log } : {}) });
  const [producer, blocking] = await Promise.all([
    connectRedis(opts.redis.url, 'producer'),
    connectRedis(opts.redis.url, 'worker'),
  ]);
  const queue = openJobQueue(producer, opts.redis.prefix);
  // Without the process's metrics, a registry of this bot's own (tests read it through `deps.metrics`).
  const metrics = opts.metrics ?? createMetrics();
  const deps = botDeps({
    ...opts,
    metrics,
    client,
    jobs: queue,
    ops: queueOps(queue.queue),
    deliveries: redisDeliveries(producer, opts.redis.prefix),
    gate: redisSendGate(producer, opts.redis.prefix),
  });
  const worker = runsJobs ? startWorkWorker(deps, blocking, opts.redis.prefix) : null;
  // Dispatches whose jobs a Redis without persistence lost: re-queued from MongoDB now and at each reconnect.
  const reconcile = () =>
    void reconcileDispatches(opts.models, deps.jobs, deps.now()).catch((err) => deps.onError(err));
  if (runsJobs) {
    reconcile();
    producer.on('ready', reconcile);
  }
  const unwatch = metrics.watch({
    queue: queue.queue,
    unfinished: () => openTasks(opts.models),
    now: deps.now,
  });
  // Events being handled: stop() waits for them before closing the connections they use.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = () => void inFlight.delete(p);
    p.then(done, done);
    return p;
  };
  const router = createRouter(deps, {
    inBackground: (work) => void track(work).catch((err: unknown) => deps.onError(err)),
  });
  const trigger =
    opts.scheduleTrigger && runsJobs
      ? startScheduleTrigger(deps.jobs, { runAt: deps.schedule.runAt, now: deps.now, onError: deps.onError })
      : null;
  const handlers = {
    types: EVENT_TYPES,
    dispatch: (e: Envelope) => track(router.dispatch(e)),
    onError: deps.onError,
  };
  const transport = opts.transport ?? { kind: 'ws' };
  let close: () => Promise<void>;
  let webhookUrl: string | undefined;
  if (role === 'jobs') close = async () => {};
  else if (transport.kind === 'ws') {
    const ws = await startWsTransport({ ...opts.app, ...handlers, ...(opts.log ? { log: opts.log } : {}) });
    close = async () => ws.close({ force: true });
  } else {
    // The replay window is about the wire, so it reads the wall clock, not the business clock of `deps.now`.
    // Refusals are logged (warn) and counted in ssj_webhook_rejected_total.
    const route = webhookRoute({
      ...transport,
      ...handlers,
      now: () => new Date(),
      log: opts.log ?? silentLogger(),
      metrics,
    });
    if (transport.routes) {
      const routes = transport.routes;
      routes[WEBHOOK_PATH] = route;
      close = async () => void delete routes[WEBHOOK_PATH];
    } else {
      const server = createHttpServer(null, { [WEBHOOK_PATH]: route });
      server.listen(transport.port ?? 0, '127.0.0.1');
      await once(server, 'listening');
      webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
      close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
  return {
    deps,
    queue,
    ...(webhookUrl ? { webhookUrl } : {}),
    feishuReady: feishuReadiness(client),
    async stop() {
      producer.off('ready', reconcile);
      await trigger?.stop();
      await close();
      await drain(inFlight, 10_000);
      await worker?.close();
      unwatch();
      await queue.close();
      producer.disconnect();
      blocking.disconnect();
    },
  };
}

/** Waits for the events being handled (those arriving meanwhile too), at most `ms`. */
async function drain(inFlight: Set<Promise<unknown>>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (inFlight.size > 0 && Date.now() < end) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...inFlight]),
      new Promise((r) => (timer = setTimeout(r, end - Date.now()))),
    ]);
    clearTimeout(timer);
  }
}
