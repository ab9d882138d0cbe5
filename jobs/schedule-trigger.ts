import cron from 'node-cron';
import type { JobQueue } from '../src/adapters/queue/job-queue';
import { TIME_ZONE } from '../src/config/schema';
import { shanghaiDate, shanghaiDateTime } from '../src/domain/calendar';

/** The day's planning job: one id per Beijing day, so replicas and restarts enqueue it once. */
export const enqueueScheduleDay = (queue: JobQueue, now: Date) =>
  queue.enqueue('schedule', {}, `schedule-${shanghaiDate(now)}`);

/**
 * Every day at `runAt` (Beijing time) the planning job is enqueued; nothing else happens here. At start-up
 * too, once the day's time has come: the plan is derived from the database, so a bot that was down, or
 * lost Redis, catches up without repeating anything (each send has a receipt).
 */
export function startScheduleTrigger(
  queue: JobQueue,
  opts: { runAt: string; now(): Date; onError(err: unknown): void },
): { stop(): Promise<void> } {
  const [h, m] = opts.runAt.split(':').map(Number);
  const enqueue = () => enqueueScheduleDay(queue, opts.now()).catch(opts.onError);
  const task = cron.schedule(`${m} ${h} * * *`, enqueue, { timezone: TIME_ZONE, name: 'schedule-day' });
  if (shanghaiDateTime(opts.now()).slice(11) >= opts.runAt) void enqueue();
  return { stop: async () => void (await task.stop()) };
}
