import type { Models } from '../src/adapters/db/models';
import type { MessageFiles } from '../src/adapters/feishu/files';
import type { Sender } from '../src/adapters/feishu/sender';
import type { Actor } from '../src/domain/permissions';
import type { Deliveries } from '../src/adapters/queue/deliveries';
import type { Directory } from '../src/services/identity';
import type { Lookups } from '../src/services/lookups';
import type { Jobs } from '../src/services/job-catalog';
import type { Ops } from '../src/services/ops';
import type { ScheduleConfig } from '../src/domain/schedule';
import type { Metrics } from '../src/adapters/metrics';
import type { LogContext, Logger } from '../src/adapters/log';

/** What every handler may use: the database, the platform, the clock and randomness (injected). */
export interface HandlerDeps {
  models: Models;
  directory: Directory;
  /** People by open id and the items, briefly cached (read on every event). */
  lookups: Lookups;
  sender: Sender;
  /** Files users send in chat (pool spreadsheets). */
  files: MessageFiles;
  /** Background work (fan-out of cards): BullMQ, so a callback answers in time and nothing is lost on a crash. */
  jobs: Jobs;
  /** `/运维`: the queue's depths, its failed jobs (the dead-letter list) and their retry. */
  ops: Ops;
  /** Events and clicks already taken, and their answers (redeliveries act once, answer the same). */
  deliveries: Deliveries;
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

/** A chat command: the words after the command, who sent it (from the event, never from content), the chat. */
export interface CommandContext {
  deps: HandlerDeps;
  command: string;
  args: string;
  operatorOpenId: string;
  actor: Actor | null;
  chatId: string;
  /** A group chat (the bot was @-mentioned), not the sender's own chat with the bot. */
  isGroup: boolean;
  messageId: string;
  itemNames: string[];
  /** Answers in the same chat; returns the card message's id. */
  reply(card: unknown, tag?: string): Promise<string>;
}

export type CommandHandler = (ctx: CommandContext) => Promise<void>;

/** A click or form submit on a card: its `value` (the action id picks the handler), who clicked, where. */
export interface ActionContext {
  deps: HandlerDeps;
  action: string;
  value: Record<string, unknown>;
  form: Record<string, unknown>;
  operatorOpenId: string;
  actor: Actor | null;
  /** The card clicked: its message and chat, and the click's one-time token (the idempotency key). */
  messageId: string;
  chatId: string;
  token: string;
}

/** What the clicking user sees at once: a toast, and/or the card replaced (schema 2.0 JSON). */
export interface ActionAnswer {
  toast?: { type: 'success' | 'error' | 'info' | 'warning'; content: string };
  card?: unknown;
}

export type ActionHandler = (ctx: ActionContext) => Promise<ActionAnswer>;
