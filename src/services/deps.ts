import type { Models } from '../adapters/db/models';
import type { Directory } from '../adapters/feishu/directory';
import type { MessageFiles } from '../adapters/feishu/files';
import type { Sender } from '../adapters/feishu/sender';
import type { LogContext, Logger } from '../adapters/log';
import type { Metrics } from '../adapters/metrics';
import type { ScheduleConfig } from '../domain/schedule';
import type { Jobs } from './job-catalog';
import type { Lookups } from './lookups';

/**
 * What handlers and jobs alike work with: the database, the platform, more work, the clock and
 * randomness (injected). Each adds its own (`HandlerDeps`, `JobDeps`); src/app/ builds one object.
 */
export interface CoreDeps {
  models: Models;
  directory: Directory;
  /** People by open id and the items, briefly cached (read on every event). */
  lookups: Lookups;
  sender: Sender;
  /** Files users send in chat (pools, plans). */
  files: MessageFiles;
  /** Background work (fan-out of cards, proposals, dispatches): BullMQ, typed by the job catalog. */
  jobs: Jobs;
  now(): Date;
  /** When and to whom the bot reminds and escalates on its own. */
  schedule: ScheduleConfig;
  /** Randomness for draw seeds; crypto.randomBytes unless a test injects its own. */
  randomBytes?(size: number): Buffer;
  /** Reports an unexpected error (the user is told only that something failed), with its event or job id. */
  onError(err: unknown, context?: LogContext): void;
  /** Prometheus counters (absent: counted nowhere). */
  metrics?: Metrics;
  /** Structured log of events handled and jobs retried (absent: silent); errors go to `onError`. */
  log?: Logger;
}
