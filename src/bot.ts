import { randomBytes } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import { createRouter } from '../handlers/router';
import type { BotDeps } from '../handlers/context';
import type { Models } from './adapters/db/models';
import { feishuDirectory } from './adapters/feishu/directory';
import { createSender } from './adapters/feishu/sender';
import { startWsTransport } from './adapters/feishu/ws-transport';

/** The bot's dependencies from a database and an SDK client; clock and randomness may be injected (tests). */
export function botDeps(opts: {
  models: Models;
  client: lark.Client;
  onError(err: unknown): void;
  now?: () => Date;
  randomBytes?: (size: number) => Buffer;
}): BotDeps {
  return {
    models: opts.models,
    directory: feishuDirectory(opts.client),
    sender: createSender(opts.client),
    now: opts.now ?? (() => new Date()),
    randomBytes: opts.randomBytes ?? randomBytes,
    onError: opts.onError,
  };
}

/** The bot over the long connection: every message and card click goes through the one router. */
export async function startBotOverWs(
  deps: BotDeps,
  app: { appId: string; appSecret: string; domain: string },
): Promise<lark.WSClient> {
  const router = createRouter(deps);
  return startWsTransport({
    ...app,
    onMessage: (e) => router.onMessage(e),
    onCardAction: (e) => router.onCardAction(e),
    onError: deps.onError,
  });
}
