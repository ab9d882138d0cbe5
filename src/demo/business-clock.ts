import type { BusinessClock } from '../../emulator/server';
import type { JobQueue } from '../adapters/queue/job-queue';
import { addDays, shanghaiDate } from '../domain/calendar';
import { enqueueScheduleDay } from '../../jobs/schedule-trigger';

/**
 * The demo's clock: real time plus an offset the console moves forward a day at a time. Each day
 * passed runs that day's schedule (as the daily trigger would) and waits for its cards, so a jump of
 * a week shows each day's reminders and escalations, none skipped.
 */
export function businessClock(
  queue: () => JobQueue,
  runAt: string,
  real: () => number = Date.now,
): BusinessClock & { date(): Date } {
  let offset = 0;
  const now = () => real() + offset;
  return {
    now,
    date: () => new Date(now()),
    async advanceDays(days) {
      for (let i = 0; i < days; i++) {
        // Half an hour after the next day's run time (Beijing): that day's schedule has just run.
        const next = Date.parse(`${addDays(shanghaiDate(new Date(now())), 1)}T${runAt}:00+08:00`) + 1_800_000;
        offset = next - real();
        await enqueueScheduleDay(queue(), new Date(next));
        await queue().idle(120_000);
      }
    },
  };
}
