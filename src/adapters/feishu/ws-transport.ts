import * as lark from '@larksuiteoapi/node-sdk';
import { feishuDomain } from './client';
import { sdkLogger, type Logger } from '../log';

/**
 * The long connection (default: no public IP needed). The handler returns at once — Feishu wants
 * the acknowledgement within 3 s — and the work continues; a failure is logged, not thrown into the SDK.
 */
export async function startWsTransport(opts: {
  appId: string;
  appSecret: string;
  domain: string;
  onMessage(event: unknown): Promise<void>;
  /** A card click: its answer (toast, new card) goes back over the connection, within the 3 s budget. */
  onCardAction(event: unknown): Promise<unknown>;
  onError(err: unknown): void;
  /** Where the SDK's warnings go (else its console, errors only). */
  log?: Logger;
}): Promise<lark.WSClient> {
  const logging = opts.log
    ? { logger: sdkLogger(opts.log), loggerLevel: lark.LoggerLevel.warn }
    : { loggerLevel: lark.LoggerLevel.error };
  const dispatcher = new lark.EventDispatcher(logging).register({
    'im.message.receive_v1': async (data) => {
      void opts.onMessage(data).catch(opts.onError);
    },
    'card.action.trigger': async (data: unknown) => opts.onCardAction(data),
  });
  let ready: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (ready = resolve));
  const ws = new lark.WSClient({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: feishuDomain(opts.domain),
    ...logging,
    onReady: () => ready(),
  } as ConstructorParameters<typeof lark.WSClient>[0]);
  await ws.start({ eventDispatcher: dispatcher });
  await connected;
  return ws;
}
