import { Redis, type RedisOptions } from 'ioredis';

/**
 * Opens a Redis connection and resolves once it is ready. Producers fail fast when Redis is away
 * (no offline queue); BullMQ workers need `maxRetriesPerRequest: null` (BullMQ going-to-production guide).
 */
export async function connectRedis(
  url: string,
  role: 'producer' | 'worker' = 'producer',
  extra: RedisOptions = {},
): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: role === 'worker',
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    ...extra,
  });
  // Connection errors surface on the commands that fail; a listener keeps ioredis from crashing the process.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `Redis is not reachable at ${url.replace(/\/\/([^@/]*)@/, '//***@')}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return redis;
}

/** Deletes every key under `prefix` (SCAN, never KEYS): tests and demos clean only their own keys. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  if (!/^[A-Za-z0-9_-]{3,}/.test(prefix))
    throw new Error(`refusing to delete keys for a short or odd prefix: ${prefix}`);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
