import { randomBytes } from 'node:crypto';

/** An Open Platform error as the platform answers it: HTTP status plus `{code, msg, error}`. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
  }

  body(): Record<string, unknown> {
    const logId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(8).toString('hex').toUpperCase()}`;
    return {
      code: this.code,
      msg: this.message,
      error: {
        log_id: logId,
        troubleshooter: `排查建议查看(Troubleshooting suggestions): https://open.feishu.cn/search?from=openapi&log_id=${logId}&code=${this.code}`,
      },
    };
  }
}

/** The codes the emulator answers with (shared/feishu-platform-notes.md §3). */
export const E = {
  missingToken: () =>
    new PlatformError(
      400,
      99991661,
      'Missing access token for authorization. Please make a request with token attached.',
    ),
  invalidToken: () =>
    new PlatformError(
      400,
      99991663,
      'Invalid access token for authorization. Please make a request with token attached.',
    ),
  badParam: (detail: string) =>
    new PlatformError(400, 230001, `Your request contains an invalid request parameter, ${detail}`),
  botNotInChat: () => new PlatformError(400, 230002, 'Bot/User can NOT be out of the chat.'),
  recalled: () => new PlatformError(400, 230011, 'The message is recalled.'),
  outOfScope: () => new PlatformError(400, 230013, 'Bot has NO availability to this user.'),
  frequency: () => new PlatformError(400, 230020, 'This operation triggers the frequency limit.'),
  tooLong: (limit: string) =>
    new PlatformError(400, 230025, `The length of the message content reaches its limit (${limit}).`),
  badCard: (detail: string) =>
    new PlatformError(400, 230099, `Failed to create card content, ext=ErrCode: 11310; ErrMsg: ${detail}`),
  notFound: (what: string) =>
    new PlatformError(400, 230001, `Your request contains an invalid request parameter, ${what} not found.`),
  rateLimited: (limit: number, resetSeconds: number) =>
    new PlatformError(429, 99991400, 'request trigger frequency limit', {
      'x-ogw-ratelimit-limit': String(limit),
      'x-ogw-ratelimit-reset': String(resetSeconds),
    }),
  notYourMessage: () =>
    new PlatformError(400, 230027, 'Lack of necessary permissions: only the sender may do this.'),
  tooOld: () => new PlatformError(400, 230031, 'The message has exceeded the editable time limit (14 days).'),
  cardTokenExpired: () => new PlatformError(400, 300030, 'token expired'),
  cardTokenOverused: () => new PlatformError(400, 300040, 'token used too many times'),
  cardTokenBad: () => new PlatformError(400, 300020, 'token format error'),
  serverError: () => new PlatformError(500, 1, 'internal error (injected fault)'),
};
