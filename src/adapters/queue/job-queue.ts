import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** The one queue of the bot's background work (sending cards after a dispatch, …). */
export const QUEUE_NAME = 'work';

export interface JobQueue {
  /** Adds a job once: a second add with the same id (a retry, another replica) is a no-op while the job exists. */
  enqueue(name: string, data: object, jobId: string): Promise<void>;
  enqueueMany(jobs: { name: string; data: object; jobId: string }[]): Promise<void>;
  /** Resolves once nothing waits, runs or is delayed (a retry in backoff counts); rejects after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void>;
  queue: Queue;
  close(): Promise<void>;
}

/** Retries with exponential backoff; finished jobs kept a day (for /运维), failed ones a week. */
export const JOB_DEFAULTS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 86_400, count: 10_000 },
  removeOnFail: { age: 7 * 86_400 },
} as const;

export function openJobQueue(connection: Redis, prefix: string): JobQueue {
  const queue = new Queue(QUEUE_NAME, { connection, prefix, defaultJobOptions: JOB_DEFAULTS });
  queue.on('error', () => undefined);
  return {
    queue,
    async enqueue(name, data, jobId) {
      await queue.add(name, data, { jobId });
    },
    async enqueueMany(jobs) {
      for (let i = 0; i < jobs.length; i += 500)
        await queue.addBulk(
          jobs.slice(i, i + 500).map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId } })),
        );
    },
    async idle(timeoutMs) {
      for (const end = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 20))) {
        const c = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children');
        if (Object.values(c).every((n) => n === 0)) return;
        if (Date.now() > end) throw new Error(`queue still busy after ${timeoutMs} ms: ${JSON.stringify(c)}`);
      }
    },
    close: () => queue.close(),
  };
}
