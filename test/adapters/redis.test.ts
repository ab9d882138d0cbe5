import { Queue, QueueEvents, Worker } from 'bullmq';
import { connectRedis, deleteKeysWithPrefix } from '../../src/adapters/queue/redis';
import { useTestRedis } from '../helpers/services';

describe('Redis and BullMQ on the real server', () => {
  const r = useTestRedis();

  it('deletes only keys under its own prefix', async () => {
    const { redis, prefix } = r();
    const other = `${prefix}zz-other-run`;
    await redis.set(`${prefix}a`, '1');
    await redis.set(`${prefix}b`, '2');
    await redis.set(`x${other}`, 'not ours');
    try {
      expect(await deleteKeysWithPrefix(redis, prefix)).toBeGreaterThanOrEqual(2);
      expect(await redis.exists(`${prefix}a`, `${prefix}b`)).toBe(0);
      expect(await redis.get(`x${other}`)).toBe('not ours');
    } finally {
      await redis.del(`x${other}`);
    }
  });

  it('refuses to delete with a prefix that could match other deployments', async () => {
    await expect(deleteKeysWithPrefix(r().redis, '')).rejects.toThrow(/refusing/);
    await expect(deleteKeysWithPrefix(r().redis, '*')).rejects.toThrow(/refusing/);
  });

  it('fails fast with a clear message when Redis is unreachable', async () => {
    await expect(
      connectRedis('redis://127.0.0.1:1', 'producer', { retryStrategy: () => null }),
    ).rejects.toThrow(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
  });

  it('runs a job once for a deterministic id added twice, with every key under the run prefix', async () => {
    const { prefix } = r();
    const bullPrefix = `${prefix}bull`; // BullMQ keys: <bullPrefix>:<queue>:…, so the prefix cleanup removes them
    const connections = await Promise.all(
      [1, 2, 3].map(() => connectRedis(process.env.TEST_REDIS_URL!, 'worker')),
    );
    const [forQueue, forEvents, forWorker] = connections as [
      (typeof connections)[0],
      (typeof connections)[0],
      (typeof connections)[0],
    ];
    const queue = new Queue('remind', { connection: forQueue, prefix: bullPrefix });
    const events = new QueueEvents('remind', { connection: forEvents, prefix: bullPrefix });
    const seen: string[] = [];
    const worker = new Worker('remind', async (job) => void seen.push(job.id!), {
      connection: forWorker,
      prefix: bullPrefix,
    });
    try {
      await events.waitUntilReady();
      const a = await queue.add('remind', { taskNo: 'T1' }, { jobId: 'remind-T1-T3' });
      const b = await queue.add('remind', { taskNo: 'T1' }, { jobId: 'remind-T1-T3' });
      await a.waitUntilFinished(events, 10_000);
      expect(b.id).toBe(a.id);
      expect(seen).toEqual(['remind-T1-T3']);
      expect((await r().redis.keys(`${bullPrefix}:remind:*`)).length).toBeGreaterThan(0);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
      for (const c of connections) c.disconnect();
    }
  });
});
