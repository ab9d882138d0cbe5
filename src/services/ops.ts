import type { Job, Queue } from 'bullmq';
import { addDays, shanghaiDate, shanghaiDateTime } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import type { FailedJob, OpsView, QueueDepths, RunState, ScheduleRun } from '../../cards/ops-card';
import { jobId, jobLabel } from './job-catalog';

/** How many failed jobs the view lists, newest first (the total is always given). */
export const FAILED_SHOWN = 20;
/** Failed jobs are kept 7 days (JOB_DEFAULTS.removeOnFail): the daily trigger's last run is looked for as far back. */
export const LOOKBACK_DAYS = 7;

export type { FailedJob, OpsView, QueueDepths, RunState, ScheduleRun };

/** What the handlers use (`HandlerDeps.ops`), bound to the bot's queue. */
export interface Ops {
  view(now: Date): Promise<OpsView>;
  retry(jobId: string): Promise<{ id: string; name: string }>;
  retryAll(): Promise<number>;
}

const when = (ms: number | undefined) => (ms ? shanghaiDateTime(new Date(ms)) : null);

/** Jobs' states as BullMQ names them, narrowed to what the view distinguishes. */
function runState(state: string): RunState {
  if (state === 'completed' || state === 'failed' || state === 'active' || state === 'delayed') return state;
  return 'waiting';
}

async function lastScheduleRun(queue: Queue, now: Date): Promise<ScheduleRun | null> {
  const today = shanghaiDate(now);
  const days = Array.from({ length: LOOKBACK_DAYS + 1 }, (_, i) => addDays(today, -i));
  const jobs = await Promise.all(
    days.map((d) => queue.getJob(jobId({ name: 'schedule', data: { day: d } }))),
  );
  const i = jobs.findIndex((j) => j !== undefined);
  const job = jobs[i];
  if (!job) return null;
  const state = runState(await job.getState());
  const at =
    state === 'completed' || state === 'failed'
      ? when(job.finishedOn)
      : state === 'active'
        ? when(job.processedOn)
        : when(job.timestamp);
  const run: ScheduleRun = { jobId: job.id!, day: days[i]!, state, at, attemptsMade: job.attemptsMade };
  if (state === 'failed') run.reason = job.failedReason;
  if (state === 'completed') {
    const r = (job.returnvalue ?? {}) as { sends?: number; problems?: string[]; warning?: string };
    run.sends = r.sends ?? 0;
    run.problems = r.problems ?? [];
    if (r.warning) run.warning = r.warning;
  }
  return run;
}

const failedJob = (job: Job): FailedJob => ({
  id: job.id!,
  name: job.name,
  label: jobLabel(job.name),
  attemptsMade: job.attemptsMade,
  reason: job.failedReason || '（没有记录原因）',
  failedAt: when(job.finishedOn),
});

/**
 * The queue at a glance for `/运维`: depths by state, the failed jobs (the dead-letter list: BullMQ's
 * failed set, kept 7 days), newest first, and the last kept run of the daily schedule.
 */
export async function opsView(queue: Queue, now: Date): Promise<OpsView> {
  const [c, failed, schedule] = await Promise.all([
    queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed', 'completed'),
    queue.getFailed(0, FAILED_SHOWN - 1),
    lastScheduleRun(queue, now),
  ]);
  const n = (k: string) => c[k] ?? 0;
  return {
    depths: {
      waiting: n('wait') + n('prioritized'),
      active: n('active'),
      delayed: n('delayed'),
      failed: n('failed'),
      completed: n('completed'),
    },
    failed: failed.filter((j): j is Job => j !== undefined).map(failedJob),
    failedTotal: n('failed'),
    schedule,
    lookbackDays: LOOKBACK_DAYS,
  };
}

const STATE_TEXT: Record<string, string> = {
  completed: '已完成',
  active: '正在运行',
  waiting: '正在等待运行',
  prioritized: '正在等待运行',
  delayed: '正在等待下一次尝试',
  'waiting-children': '正在等待子任务',
};

async function notFailed(job: Job): Promise<DomainError> {
  const state = await job.getState();
  return new DomainError(
    'JOB_NOT_FAILED',
    `后台任务 ${job.id} ${STATE_TEXT[state] ?? `状态为 ${state}`}，不在失败列表中，无需重试`,
  );
}

/**
 * Puts one failed job back in the queue under its own id. Its attempt count is kept, so it runs once
 * more (a retryable error does not start a new series of backoffs); refused when the job is gone or
 * not failed (another click already retried it).
 */
export async function retryFailedJob(queue: Queue, jobId: string): Promise<{ id: string; name: string }> {
  const job = await queue.getJob(jobId);
  if (!job)
    throw new DomainError(
      'JOB_GONE',
      `后台任务 ${jobId} 已不存在（失败的任务保留 7 天，也可能已被清理），无法重试`,
    );
  if (!(await job.isFailed())) throw await notFailed(job);
  try {
    await job.retry('failed');
  } catch (err) {
    // Moved out of the failed set between the check and the retry (a second click, another office user).
    if (!(await job.isFailed())) throw await notFailed(job);
    throw err;
  }
  return { id: jobId, name: job.name };
}

/** Puts every failed job back in the queue (each runs once more, as `retryFailedJob`); returns how many. */
export async function retryAllFailed(queue: Queue): Promise<number> {
  const count = await queue.getFailedCount();
  if (count === 0) throw new DomainError('NO_FAILED_JOBS', '没有失败的后台任务，无需重试');
  await queue.retryJobs({ state: 'failed', count: 1000 });
  return count;
}

/** The `/运维` use cases over one queue. */
export const queueOps = (queue: Queue): Ops => ({
  view: (now) => opsView(queue, now),
  retry: (jobId) => retryFailedJob(queue, jobId),
  retryAll: () => retryAllFailed(queue),
});
