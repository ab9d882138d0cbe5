import type { CoreDeps } from '../src/services/deps';
import type { JobData, JobName } from '../src/services/job-catalog';

/** What a job's processor may use: the common dependencies (src/app/ hands in one object for handlers and jobs). */
export type JobDeps = CoreDeps;

/** One job's work, given its checked payload; its result is kept with the job (shown in /运维 for schedules). */
export type Processor<N extends JobName> = (deps: JobDeps, data: JobData<N>) => Promise<unknown>;
