import type { Redis } from 'ioredis';

/**
 * Which events and card clicks the bot has already taken, and the answer each click got — in Redis,
 * because it is asked on every delivery and is only needed for the platform's redelivery window
 * (15 s, 5 min, 1 h, 6 h: about 7.1 h; kept 24 h). A durable database lookup here cost a table scan
 * per click on FerretDB. What a click *does* stays idempotent in the database on its own (receipts
 * per state change), so a ledger lost with Redis can re-run a handler but never repeat its effect.
 */
export interface Deliveries {
  /**
   * True for the first caller of `key` (it acts); false while another holds or has answered it. An
   * unanswered claim lapses after `pendingSeconds` (default `PENDING_SECONDS`).
   */
  claim(key: string, pendingSeconds?: number): Promise<boolean>;
  /**
   * `claim`, and for a caller who is not first the answer stored for `key` (`undefined` while the first
   * delivery is still being handled) and how long it is kept yet — in one round trip, as every repeated
   * click asks both.
   */
  take(
    key: string,
    pendingSeconds?: number,
  ): Promise<{ first: true } | { first: false; answer: unknown; keptMs: number }>;
  /** Stores the answer a redelivery of `key` should get, for `keepSeconds` (default the whole window). */
  settle(key: string, answer: unknown, keepSeconds?: number): Promise<void>;
}

export const DELIVERY_WINDOW_SECONDS = 24 * 3600;
/** A claim whose handler died (process crash) lapses, so the platform's next redelivery acts. */
export const PENDING_SECONDS = 60;
const PENDING = '"__pending__"';
/** SET NX, else the value held: `[1]` for the first caller, `[0, value, ms to live]` for any other. */
const TAKE = `if redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then return {1} end
return {0, redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}`;

export function redisDeliveries(redis: Redis, prefix: string, pendingSeconds = PENDING_SECONDS): Deliveries {
  const k = (key: string) => `${prefix}delivery:${key}`;
  const ledger: Deliveries = {
    async claim(key, seconds) {
      return (await ledger.take(key, seconds)).first;
    },
    async take(key, seconds = pendingSeconds) {
      const [first, raw, ttl] = (await redis.eval(TAKE, 1, k(key), PENDING, seconds)) as [
        number,
        string | null,
        number,
      ];
      if (first === 1) return { first: true };
      // A value that lapsed between the calls cannot happen (the script is atomic); null reads as pending.
      return {
        first: false,
        answer: !raw || raw === PENDING ? undefined : (JSON.parse(raw) as unknown),
        keptMs: Math.max(0, ttl),
      };
    },
    async settle(key, answer, keepSeconds = DELIVERY_WINDOW_SECONDS) {
      await redis.set(k(key), JSON.stringify(answer ?? null), 'EX', keepSeconds);
    },
  };
  return ledger;
}
