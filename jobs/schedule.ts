import { handoverJobs } from '../src/services/job-catalog';
import { planDay } from '../src/services/schedule';
import type { Processor } from './deps';

/** The day's planning: each card it plans is a `schedule-send` job of its own; problems are reported. */
export const schedule: Processor<'schedule'> = async (deps) => {
  const plan = await planDay(deps, deps.schedule);
  await deps.jobs.enqueueMany(plan.sends.map((s) => ({ name: 'schedule-send', data: s })));
  if (plan.handover) await deps.jobs.enqueueMany(handoverJobs(plan.handover, plan.day));
  for (const p of plan.problems) deps.onError(new Error(`schedule ${plan.day}: ${p}`));
  return { day: plan.day, sends: plan.sends.length, problems: plan.problems, warning: plan.calendarWarning };
};
