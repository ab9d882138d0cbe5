import { randomBytes } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import { createRouter } from '../handlers/router';
import type { BotDeps } from '../handlers/context';
import type { Models } from './adapters/db/models';
import { feishuDirectory } from './adapters/feishu/directory';
import { createSender } from './adapters/feishu/sender';
import { startWsTransport } from './adapters/feishu/ws-transport';
import { createFeishuClient } from './adapters/feishu/client';
import { openJobQueue, type JobQueue } from './adapters/queue/job-queue';
import { connectRedis } from './adapters/queue/redis';
import { startWorkWorker } from '../jobs/work-worker';

/** The bot's dependencies from a database and an SDK client; clock and randomness may be injected (tests). */
export function botDeps(opts: {
  models: Models;
  client: lark.Client;
  jobs: BotDeps['jobs'];
  onError(err: unknown): void;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
}): BotDeps {
  return {
    models: opts.models,
    directory: feishuDirectory(opts.client),
    sender: createSender(opts.client),
    jobs: opts.jobs,
    now: opts.now ?? (() => new Date()),
    randomBytes: opts.randomBytes ?? randomBytes,
    onError: opts.onError,
  };
}

export interface RunningBot {
  deps: BotDeps;
  queue: JobQueue;
  /** Stops taking events, lets running jobs finish, closes Redis connections (not the database's). */
  stop(): Promise<void>;
}

/**
 * The whole bot: the job queue and its worker on Redis, and the router over the long connection (every
 * message and card click goes through it).
 */
export async function startBot(opts: {
  models: Models;
  app: { appId: string; appSecret: string; domain: string };
  redis: { url: string; prefix: string };
  onError(err: unknown): void;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
}): Promise<RunningBot> {
  const client = createFeishuClient(opts.app);
  const [producer, blocking] = await Promise.all([
    connectRedis(opts.redis.url, 'producer'),
    connectRedis(opts.redis.url, 'worker'),
  ]);
  const queue = openJobQueue(producer, opts.redis.prefix);
  const deps = botDeps({ ...opts, client, jobs: queue });
  const worker = startWorkWorker(deps, queue, blocking, opts.redis.prefix);
  const router = createRouter(deps);
  const ws = await startWsTransport({
    ...opts.app,
    onMessage: (e) => router.onMessage(e),
    onCardAction: (e) => router.onCardAction(e),
    onError: deps.onError,
  });
  return {
    deps,
    queue,
    async stop() {
      ws.close({ force: true });
      await worker.close();
      await queue.close();
      producer.disconnect();
      blocking.disconnect();
    },
  };
}
