import type { Redis } from 'ioredis';

/**
 * Which events and card clicks the bot has already taken, and the answer each click got — in Redis,
 * because it is asked on every delivery and is only needed for the platform's redelivery window
 * (15 s, 5 min, 1 h, 6 h: about 7.1 h; kept 24 h). A durable database lookup here cost a table scan
 * per click on FerretDB. What a click *does* stays idempotent in the database on its own (receipts
 * per state change), so a ledger lost with Redis can re-run a handler but never repeat its effect.
 */
export interface Deliveries {
  /** True for the first caller of `key` (it acts); false while another holds or has answered it. */
  claim(key: string): Promise<boolean>;
  /** Stores the answer a redelivery of `key` should get, for the whole window. */
  settle(key: string, answer: unknown): Promise<void>;
  /** The stored answer; `undefined` while the first delivery is still being handled. */
  answerOf(key: string): Promise<unknown>;
}

export const DELIVERY_WINDOW_SECONDS = 24 * 3600;
/** A claim whose handler died (process crash) lapses, so the platform's next redelivery acts. */
export const PENDING_SECONDS = 60;
const PENDING = '"__pending__"';

export function redisDeliveries(redis: Redis, prefix: string, pendingSeconds = PENDING_SECONDS): Deliveries {
  const k = (key: string) => `${prefix}delivery:${key}`;
  return {
    async claim(key) {
      return (await redis.set(k(key), PENDING, 'EX', pendingSeconds, 'NX')) === 'OK';
    },
    async settle(key, answer) {
      await redis.set(k(key), JSON.stringify(answer ?? null), 'EX', DELIVERY_WINDOW_SECONDS);
    },
    async answerOf(key) {
      const raw = await redis.get(k(key));
      return raw === null || raw === PENDING ? undefined : (JSON.parse(raw) as unknown);
    },
  };
}
