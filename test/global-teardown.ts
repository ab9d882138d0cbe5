import { connectRedis, deleteKeysWithPrefix } from '../src/adapters/queue/redis';

export default async function globalTeardown(): Promise<void> {
  const redis = await connectRedis(process.env.TEST_REDIS_URL!);
  await deleteKeysWithPrefix(redis, process.env.TEST_RUN_ID!);
  redis.disconnect();
  await (globalThis as { __ferretdb?: { stop(): Promise<void> } }).__ferretdb?.stop();
}
