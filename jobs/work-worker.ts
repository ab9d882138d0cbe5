import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAME } from '../src/adapters/queue/job-queue';
import { SendError } from '../src/adapters/feishu/sender';
import { DomainError } from '../src/domain/errors';
import { unexposedMetrics, type JobOutcome } from '../src/adapters/metrics';
import { silentLogger } from '../src/adapters/log';
import { isJobName, JOBS, type JobName } from '../src/services/job-catalog';
import type { JobDeps, Processor } from './deps';
import { PROCESSORS } from './processors';

/** Runs a job by its name, its payload checked against the catalog's schema first. */
export function workProcessor(deps: JobDeps) {
  return async (job: Job): Promise<unknown> => {
    try {
      if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job ${job.name}`);
      const data = JOBS[job.name].data.safeParse(job.data);
      if (!data.success)
        throw new UnrecoverableError(`job ${job.name} with a malformed payload: ${data.error.message}`);
      return await (PROCESSORS[job.name] as Processor<JobName>)(deps, data.data as never);
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
export function observedProcessor(deps: JobDeps, process: (job: Job) => Promise<unknown>) {
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
export function startWorkWorker(deps: JobDeps, connection: Redis, prefix: string): Worker {
  const worker = new Worker(QUEUE_NAME, observedProcessor(deps, workProcessor(deps)), {
    connection,
    prefix,
    // Jobs prepare their sends side by side; the platform's rate is kept by the sender's gate
    // (src/adapters/queue/send-gate.ts), the only wait, and jobs that send nothing never wait behind it.
    concurrency: 16,
  });
  worker.on('error', (err) => deps.onError(err));
  worker.on('failed', (job, err) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
      deps.onError(new Error(`job ${job.id} failed: ${err.message}`), { jobId: job.id, job: job.name });
  });
  return worker;
}
