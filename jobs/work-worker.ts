import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BotDeps } from '../handlers/context';
import { QUEUE_NAME, type JobQueue } from '../src/adapters/queue/job-queue';
import { SendError } from '../src/adapters/feishu/sender';
import { DomainError } from '../src/domain/errors';
import { unexposedMetrics, type JobOutcome } from '../src/adapters/metrics';
import { silentLogger } from '../src/adapters/log';
import { dispatchNotices, prepareNotices, sendNotice, type Notice } from '../src/services/dispatch-notices';
import { refreshDrawCards, sendApprovalCard } from '../src/services/draw-cards';
import { refreshTaskCards, sendReviewCard } from '../src/services/task-cards';
import { importFromChat, type UploadJob } from '../src/services/import-upload';
import { refreshPlanCards, sendPlanCards } from '../src/services/plan-cards';
import { handoverJobs } from '../src/services/plans';
import { linkOpenIds } from '../src/services/identity';
import { performSend, planDay, type Send } from '../src/services/schedule';

/**
 * Feishu's per-app limit (50 calls/s, sliding), shared by every worker of every replica through BullMQ's
 * limiter. One job per 21 ms: BullMQ counts in fixed windows, and 50 per 1000 ms windows lets up to 100
 * through in a sliding second (measured: 429s, half the rate); one per 21 ms can never pass 48 in any second.
 */
export const SEND_LIMIT = { max: 1, duration: 21 };

/** What each job does; each only calls services. */
export function workProcessor(deps: BotDeps, queue: JobQueue) {
  return async (job: Job): Promise<unknown> => {
    try {
      switch (job.name) {
        case 'dispatch': {
          const { drawNo } = job.data as { drawNo: string };
          const planned = await dispatchNotices(deps.models, drawNo);
          await linkOpenIds(
            deps.models,
            deps.directory,
            planned.flatMap((n) => ('personKey' in n.to ? [n.to.personKey] : [])),
          );
          const notices = await prepareNotices(deps.models, drawNo, planned);
          await queue.enqueueMany(notices.map((n) => ({ name: 'send', data: n, jobId: n.id })));
          return { notices: notices.length };
        }
        case 'send':
          return await sendNotice(deps, job.data as Notice);
        case 'schedule': {
          const plan = await planDay(deps, deps.schedule);
          await queue.enqueueMany(plan.sends.map((s) => ({ name: 'schedule-send', data: s, jobId: s.id })));
          if (plan.handover) await queue.enqueueMany(handoverJobs(plan.handover, plan.day));
          for (const p of plan.problems) deps.onError(new Error(`schedule ${plan.day}: ${p}`));
          return {
            day: plan.day,
            sends: plan.sends.length,
            problems: plan.problems,
            warning: plan.calendarWarning,
          };
        }
        case 'schedule-send': {
          const send = job.data as Send;
          try {
            return await performSend(deps, send);
          } catch (err) {
            // Someone it is for has no mobile or open id: counted, failed (in /运维), sent again next planning.
            if (err instanceof DomainError && err.code === 'UNREACHABLE')
              (deps.metrics ?? unexposedMetrics()).unreachable.inc({ kind: send.kind });
            throw err;
          }
        }
        case 'import-pool':
          try {
            return await importFromChat(deps, job.data as UploadJob);
          } finally {
            // Officers imported here may be the next click's actor: no stale roles in this process.
            deps.lookups.clear();
          }
        case 'send-approval':
          return await sendApprovalCard(deps, (job.data as { drawNo: string }).drawNo);
        case 'send-review':
          return await sendReviewCard(deps, (job.data as { taskNo: string }).taskNo);
        case 'refresh-draw': {
          const d = job.data as { drawNo: string; skip?: string };
          return await refreshDrawCards(deps.models, deps.sender, d.drawNo, d.skip);
        }
        case 'send-plan-cards':
          return await sendPlanCards(deps, (job.data as { id: string }).id);
        case 'refresh-plan': {
          const d = job.data as { id: string; skip?: string };
          return await refreshPlanCards(deps, d.id, d.skip);
        }
        case 'refresh-task': {
          const d = job.data as { taskNo: string; skip?: string };
          return await refreshTaskCards(deps.models, deps.sender, d.taskNo, d.skip);
        }
        default:
          throw new UnrecoverableError(`unknown job ${job.name}`);
      }
    } catch (err) {
      // Retrying cannot fix a missing person or a card the platform refuses: fail at once, keep the job for /运维.
      if (err instanceof DomainError || (err instanceof SendError && !err.retryable))
        throw new UnrecoverableError(err.message);
      throw err;
    }
  };
}

/**
 * Times each attempt into `ssj_jobs_seconds` (ok; retry: BullMQ will try again; failed: the failed list)
 * and logs each failed attempt as a warning with its job id (`final`: no retry follows).
 */
export function observedProcessor(deps: BotDeps, process: (job: Job) => Promise<unknown>) {
  const metrics = deps.metrics ?? unexposedMetrics();
  const log = deps.log ?? silentLogger();
  return async (job: Job): Promise<unknown> => {
    const end = metrics.jobSeconds.startTimer({ name: job.name });
    let outcome: JobOutcome = 'ok';
    try {
      return await process(job);
    } catch (err) {
      const last = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      outcome = last ? 'failed' : 'retry';
      log.warn(
        { jobId: job.id, job: job.name, attempt: job.attemptsMade + 1, final: last, err },
        'job attempt failed',
      );
      throw err;
    } finally {
      end({ outcome });
    }
  };
}

/** Starts the worker; `connection` must allow blocking commands (maxRetriesPerRequest: null). */
export function startWorkWorker(deps: BotDeps, queue: JobQueue, connection: Redis, prefix: string): Worker {
  const worker = new Worker(QUEUE_NAME, observedProcessor(deps, workProcessor(deps, queue)), {
    connection,
    prefix,
    concurrency: 8,
    limiter: SEND_LIMIT,
  });
  worker.on('error', (err) => deps.onError(err));
  worker.on('failed', (job, err) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
      deps.onError(new Error(`job ${job.id} failed: ${err.message}`), { jobId: job.id, job: job.name });
  });
  return worker;
}
