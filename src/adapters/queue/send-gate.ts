import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SendApi, SendGate } from '../feishu/sender';

/** A sliding window: at most `limit` calls in any `ms` milliseconds. */
export interface Window {
  limit: number;
  ms: number;
}

/**
 * Feishu's limits (docs: 频率限制): each API 50 calls/s and 1,000/min per app, both sliding; and 5/s to one
 * receiver (a user, a chat; for a card update, one message).
 */
export const FEISHU_LIMITS: { app: Window[]; subject: Window[] } = {
  app: [
    { limit: 50, ms: 1000 },
    { limit: 1000, ms: 60_000 },
  ],
  subject: [{ limit: 5, ms: 1000 }],
};

/**
 * How much longer than the platform's each window is kept here. A call counts from when its answer came
 * back (`sent`), which is after the platform counted it, so the windows can only err on the safe side;
 * the guard covers what Redis's clock loses by answering in whole milliseconds.
 */
export const GUARD_MS = 2;

/**
 * Admits a call if every window of every log (a sorted set of call times, one per key) has room, and
 * records it in all of them; else records nothing and returns how many ms until the fullest frees a slot.
 * Atomic, on Redis's own clock, so every process of every replica shares the same windows.
 * ARGV: per key, its window count and (limit, ms) pairs; then the call's unique member.
 */
const ADMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait, a, spans = 0, 1, {}
for i = 1, #KEYS do
  local n = tonumber(ARGV[a]); a = a + 1
  local longest = 0
  for w = 1, n do
    local limit, ms = tonumber(ARGV[a]), tonumber(ARGV[a + 1]); a = a + 2
    if ms > longest then longest = ms end
    local from = '(' .. (now - ms)
    local count = redis.call('ZCOUNT', KEYS[i], from, '+inf')
    if count >= limit then
      local oldest = redis.call('ZRANGEBYSCORE', KEYS[i], from, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
      wait = math.max(wait, tonumber(oldest[2]) + ms - now + 1)
    end
  end
  spans[i] = longest
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - spans[i])
  redis.call('ZADD', KEYS[i], now, ARGV[a])
  redis.call('PEXPIRE', KEYS[i], spans[i])
end
return 0
`;

/**
 * Moves an admitted call to now in every log that still holds it, and keeps each log for its longest
 * window from now: a log set to expire at admission would vanish with the moved call still inside its
 * window, and the next burst to that receiver would find it empty. ARGV: the call's member, then per key
 * its longest window.
 */
const SENT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do
  if redis.call('ZADD', KEYS[i], 'XX', 'CH', now, ARGV[1]) > 0 then
    redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[i + 1]))
  end
end
return 0
`;

/**
 * The platform's rate limits kept before each call, in Redis so that every worker of every replica draws
 * from the same windows: a call waits here exactly as long as the sliding windows the platform counts
 * with need (not BullMQ's fixed ones), and counts from its answer, so calls run at the limit and never
 * meet a 429 of this app's making.
 */
export function redisSendGate(
  redis: Redis,
  prefix: string,
  opts: {
    limits?: { app: Window[]; subject: Window[] };
    guardMs?: number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): SendGate {
  const limits = opts.limits ?? FEISHU_LIMITS;
  const guard = opts.guardMs ?? GUARD_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const args = (windows: Window[]) => [windows.length, ...windows.flatMap((w) => [w.limit, w.ms + guard])];
  const key = (...parts: string[]) => `${prefix}:rate:${parts.join(':')}`;
  return {
    async pass(api: SendApi, subject?: string) {
      const keys = [key(api), ...(subject ? [key(api, subject)] : [])];
      const member = randomUUID();
      const argv = [...args(limits.app), ...(subject ? args(limits.subject) : []), member];
      const spans = [limits.app, ...(subject ? [limits.subject] : [])].map(
        (windows) => Math.max(0, ...windows.map((w) => w.ms)) + guard,
      );
      for (;;) {
        const wait = Number(await redis.eval(ADMIT, keys.length, ...keys, ...argv));
        if (wait <= 0) break;
        await sleep(wait);
      }
      return async () => void (await redis.eval(SENT, keys.length, ...keys, member, ...spans));
    },
  };
}
