import type { Models } from '../src/adapters/db/models';
import type { MessageFiles } from '../src/adapters/feishu/files';
import type { Sender } from '../src/adapters/feishu/sender';
import type { LogContext, Logger } from '../src/adapters/log';
import type { Metrics } from '../src/adapters/metrics';
import type { ScheduleConfig } from '../src/domain/schedule';
import type { Directory } from '../src/services/identity';
import type { JobData, JobName, Jobs } from '../src/services/job-catalog';
import type { Lookups } from '../src/services/lookups';

/** What a job's processor may use (the composition root, src/app/, hands in one object for handlers and jobs). */
export interface JobDeps {
  models: Models;
  directory: Directory;
  lookups: Lookups;
  sender: Sender;
  files: MessageFiles;
  /** More work, added by a job (a dispatch's sends, a day's cards). */
  jobs: Jobs;
  now(): Date;
  schedule: ScheduleConfig;
  randomBytes?(size: number): Buffer;
  onError(err: unknown, context?: LogContext): void;
  metrics?: Metrics;
  log?: Logger;
}

/** One job's work, given its checked payload; its result is kept with the job (shown in /运维 for schedules). */
export type Processor<N extends JobName> = (deps: JobDeps, data: JobData<N>) => Promise<unknown>;
