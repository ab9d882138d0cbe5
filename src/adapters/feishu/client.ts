import * as lark from '@larksuiteoapi/node-sdk';
import { createLogger, sdkLogger, type Logger } from '../log';

/** The SDK's `domain`: Feishu, Lark, or a base URL such as the emulator's (no trailing slash: the SDK concatenates). */
export function feishuDomain(domain: string): string | lark.Domain {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/, '');
}

/**
 * Builds the official SDK client once, from configuration; everything else receives it. With `log`, the
 * SDK's own warnings and errors (its request failures, retried by our sender) go to it as warnings.
 */
export function createFeishuClient(opts: {
  appId: string;
  appSecret: string;
  domain: string;
  log?: Logger;
}): lark.Client {
  return new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: feishuDomain(opts.domain),
    // Never the SDK's console logger: it prints a failed token request's body, app secret included.
    // Without a `log` (tests, tools), its warnings go to stderr as JSON, reduced and scrubbed the same way.
    logger: sdkLogger(
      opts.log ?? createLogger({ level: 'warn', secrets: [opts.appSecret], destination: process.stderr }),
    ),
    loggerLevel: lark.LoggerLevel.warn,
    // Its own token cache: the SDK's default one is global to the process, keyed by app id only, so two
    // clients of one app id on different domains (two emulators, or Feishu and Lark) would trade tokens.
    cache: new lark.DefaultCache(),
  });
}
