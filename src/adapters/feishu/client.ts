import * as lark from '@larksuiteoapi/node-sdk';

/** The SDK's `domain`: Feishu, Lark, or a base URL such as the emulator's (no trailing slash: the SDK concatenates). */
export function feishuDomain(domain: string): string | lark.Domain {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/, '');
}

/** Builds the official SDK client once, from configuration; everything else receives it. */
export function createFeishuClient(opts: { appId: string; appSecret: string; domain: string }): lark.Client {
  return new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: feishuDomain(opts.domain),
    loggerLevel: lark.LoggerLevel.error,
    // Its own token cache: the SDK's default one is global to the process, keyed by app id only, so two
    // clients of one app id on different domains (two emulators, or Feishu and Lark) would trade tokens.
    cache: new lark.DefaultCache(),
  });
}
