import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectDb, type Db } from '../../src/adapters/db/connect';
import { connectRedis, deleteKeysWithPrefix } from '../../src/adapters/queue/redis';

const uniqueName = () => `${process.env.TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;

/**
 * A fresh database on the run's real FerretDB (or MongoDB), dropped after the file's tests; with
 * `monitorCommands` the driver reports each command (test/helpers/query-log.ts).
 */
export function useTestDb(opts: { monitorCommands?: boolean } = {}): () => Db {
  let db: Db | undefined;
  beforeAll(async () => {
    db = await connectDb(process.env.TEST_MONGODB_URI!, uniqueName(), opts);
  });
  afterAll(async () => {
    if (!db) return;
    await db.conn.dropDatabase();
    await db.close();
  });
  return () => {
    if (!db) throw new Error('useTestDb: database not ready (used outside a test?)');
    return db;
  };
}

/** The real Redis with a key prefix of this file's own, whose keys are deleted afterwards. */
export function useTestRedis(): () => { redis: Redis; prefix: string } {
  const prefix = `${uniqueName()}-`;
  let redis: Redis | undefined;
  beforeAll(async () => {
    redis = await connectRedis(process.env.TEST_REDIS_URL!);
  });
  afterAll(async () => {
    if (!redis) return;
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });
  return () => ({ redis: redis!, prefix });
}
