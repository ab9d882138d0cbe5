import * as lark from '@larksuiteoapi/node-sdk';
import { feishuDomain } from './client';
import { sdkLogger, type Logger } from '../log';

/**
 * The long connection (default: no public IP needed). Every event of `types` goes to `dispatch`, which
 * acknowledges a message at once (Feishu wants it within 3 s) and answers a card click.
 */
export async function startWsTransport(opts: {
  appId: string;
  appSecret: string;
  domain: string;
  /** The event types to subscribe to (the router's `EVENT_TYPES`). */
  types: readonly string[];
  /** The router's one entry; a card click's answer (toast, new card) goes back over the connection. */
  dispatch(envelope: { type: string; event: unknown }): Promise<{ answer?: unknown }>;
  /** Where the SDK's warnings go (else its console, errors only). */
  log?: Logger;
}): Promise<lark.WSClient> {
  const logging = opts.log
    ? { logger: sdkLogger(opts.log), loggerLevel: lark.LoggerLevel.warn }
    : { loggerLevel: lark.LoggerLevel.error };
  const dispatcher = new lark.EventDispatcher(logging).register(
    Object.fromEntries(
      opts.types.map((type) => [
        type,
        async (event: unknown) => (await opts.dispatch({ type, event })).answer,
      ]),
    ),
  );
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
