import { rmSync } from 'node:fs';
import type { Db } from '../src/adapters/db/connect';
import { connectRedis, deleteKeysWithPrefix } from '../src/adapters/queue/redis';
import type { RunningBot } from '../src/app/bot';

/**
 * What a bot benchmark leaves behind, removed best effort: cleanup must not hide the figures (a database
 * overwhelmed by the run may still be recovering). The bot, its Redis keys, its database, the emulator
 * and a scratch folder.
 */
export async function cleanUp(opts: {
  bot: RunningBot | undefined;
  prefix: string;
  db: Db;
  stopEmulator(): unknown;
  dir?: string;
}): Promise<void> {
  const quietly = async (what: () => Promise<unknown>) => {
    try {
      await what();
    } catch {
      /* best effort */
    }
  };
  await quietly(async () => opts.bot?.stop());
  await quietly(async () => {
    const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await deleteKeysWithPrefix(redis, opts.prefix);
    redis.disconnect();
  });
  await quietly(() => opts.db.conn.dropDatabase());
  await quietly(() => opts.db.close());
  await quietly(async () => opts.stopEmulator());
  if (opts.dir) rmSync(opts.dir, { recursive: true, force: true });
}
