import cron from 'node-cron';
import type { Jobs } from '../src/services/job-catalog';
import { TIME_ZONE } from '../src/domain/time-zone';
import { shanghaiDate, shanghaiDateTime } from '../src/domain/calendar';

/** The day's planning job: one id per Beijing day, so replicas and restarts enqueue it once. */
export const enqueueScheduleDay = (jobs: Jobs, now: Date) =>
  jobs.enqueue('schedule', { day: shanghaiDate(now) });

/**
 * Every day at `runAt` (Beijing time) the planning job is enqueued; nothing else happens here. At start-up
 * too, once the day's time has come: the plan is derived from the database, so a bot that was down, or
 * lost Redis, catches up without repeating anything (each send has a receipt).
 */
export function startScheduleTrigger(
  jobs: Jobs,
  opts: { runAt: string; now(): Date; onError(err: unknown): void },
): { stop(): Promise<void> } {
  const [h, m] = opts.runAt.split(':').map(Number);
  const enqueue = () => enqueueScheduleDay(jobs, opts.now()).catch(opts.onError);
  const task = cron.schedule(`${m} ${h} * * *`, enqueue, { timezone: TIME_ZONE, name: 'schedule-day' });
  if (shanghaiDateTime(opts.now()).slice(11) >= opts.runAt) void enqueue();
  return { stop: async () => void (await task.stop()) };
}
