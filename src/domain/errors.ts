/**
 * Errors with a stable code and a Chinese message meant for the user. The one error boundary
 * (router, CLI) shows `message`; anything else is a bug and is logged, not shown.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A unique key is taken: the same thing already exists (or a retry already did it). */
export class DuplicateError extends DomainError {
  constructor(
    readonly collection: string,
    readonly key: Record<string, unknown>,
  ) {
    super(
      'DUPLICATE',
      `记录已存在（${collection}：${Object.entries(key)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('，')}）`,
      { collection, key },
    );
    this.name = 'DuplicateError';
  }
}
