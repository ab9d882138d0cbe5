import type { JobQueue } from '../adapters/queue/job-queue';
import { addDays, shanghaiDate } from '../domain/calendar';
import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { jobId, typedJobs } from '../services/job-catalog';

/** The clock the emulator's console moves (its `BusinessClock`, met structurally: the demo does not import the emulator). */
export interface DemoClock {
  now(): number;
  date(): Date;
  advanceDays(days: number): Promise<void>;
  advanceToNextEvent(maxDays: number): Promise<number>;
}

/**
 * The demo's clock: real time plus an offset the console moves forward a day at a time. Each day
 * passed runs that day's schedule (as the daily trigger would) and waits for its cards, so a jump of
 * a week shows each day's reminders and escalations, none skipped.
 */
export function businessClock(
  queue: () => JobQueue,
  runAt: string,
  real: () => number = Date.now,
): DemoClock {
  let offset = 0;
  const now = () => real() + offset;
  /** One day on: half an hour after its run time (Beijing), its schedule run; how many sends it planned. */
  const nextDay = async (): Promise<number> => {
    const next = Date.parse(`${addDays(shanghaiDate(new Date(now())), 1)}T${runAt}:00+08:00`) + 1_800_000;
    offset = next - real();
    await enqueueScheduleDay(typedJobs(queue()), new Date(next));
    await queue().idle(120_000);
    const planned = await queue().queue.getJob(
      jobId({ name: 'schedule', data: { day: shanghaiDate(new Date(next)) } }),
    );
    return (planned?.returnvalue as { sends?: number } | undefined)?.sends ?? 0;
  };
  return {
    now,
    date: () => new Date(now()),
    async advanceDays(days) {
      for (let i = 0; i < days; i++) await nextDay();
    },
    async advanceToNextEvent(maxDays) {
      for (let moved = 1; moved <= maxDays; moved++) if ((await nextDay()) > 0) return moved;
      return maxDays;
    },
  };
}
