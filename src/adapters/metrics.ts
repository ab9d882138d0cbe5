import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import type { Route } from './http/server';
import { shanghaiDate } from '../domain/calendar';

export type EventType = 'message' | 'card_action';
/** ok; refused: a DomainError told the user why; failed: unexpected error or malformed event; duplicate: a redelivery. */
export type EventOutcome = 'ok' | 'refused' | 'failed' | 'duplicate';
export type SendKind = 'card' | 'file' | 'update' | 'urgent';
/** ok; retryable_error: gave up on a transient failure (the job retries); failed: the platform refused it. */
export type SendResult = 'ok' | 'retryable_error' | 'failed';
/** ok; retry: this attempt failed and BullMQ will try again; failed: the job is in the failed list. */
export type JobOutcome = 'ok' | 'retry' | 'failed';
/**
 * Why the webhook refused a request: `method` (not POST), `too_large` (body over the limit), `unsigned`
 * (no signature and not a well-formed URL challenge), `unsigned_limited` (too many unsigned requests from
 * one address), `bad_signature`, `stale` (timestamp outside the window), `bad_token` (wrong verification
 * token), `malformed` (signed, but not an event the bot can read).
 */
export type WebhookRejectReason =
  | 'method'
  | 'too_large'
  | 'unsigned'
  | 'unsigned_limited'
  | 'bad_signature'
  | 'stale'
  | 'bad_token'
  | 'malformed';

/** Where the scrape-time gauges read from: the work queue and the tasks (on the bot's business clock). */
export interface MetricSources {
  queue: Queue;
  /** The unfinished tasks (src/services/open-tasks.ts `openTasks`). */
  unfinished(): Promise<readonly { status: string; deadline: string }[]>;
  now(): Date;
}

/** The bot's Prometheus metrics in a registry of their own (tests make their own). */
export interface Metrics {
  registry: Registry;
  events: Counter<'type' | 'outcome'>;
  callbackSeconds: Histogram;
  sends: Counter<'kind' | 'result'>;
  jobSeconds: Histogram<'name' | 'outcome'>;
  /** Webhook requests refused, by reason (`WebhookRejectReason`). */
  webhookRejected: Counter<'reason'>;
  /** Scheduled sends that could not reach someone (no mobile, no open id), by the send's kind. */
  unreachable: Counter<'kind'>;
  /** Points the scrape-time gauges at a running bot's queue and database; returns the undo. */
  watch(sources: MetricSources): () => void;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Creates the metrics. `processMetrics` adds prom-client's default process metrics (CPU, memory,
 * event-loop lag): the bot process turns them on; tests need not.
 */
export function createMetrics(opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  let sources: MetricSources | null = null;

  const events = new Counter({
    name: 'ssj_events_total',
    help: 'Chat messages and card clicks handled, by type (message, card_action) and outcome (ok, refused, failed, duplicate)',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  const callbackSeconds = new Histogram({
    name: 'ssj_callback_seconds',
    help: 'Time to answer a card click (Feishu allows 3 s)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3],
    registers: [registry],
  });
  const sends = new Counter({
    name: 'ssj_sends_total',
    help: 'Calls to the Feishu message API after their own retries, by kind (card, file, update, urgent) and result (ok, retryable_error, failed)',
    labelNames: ['kind', 'result'] as const,
    registers: [registry],
  });
  const unreachable = new Counter({
    name: 'ssj_unreachable_sends_total',
    help: 'Scheduled sends (summary, draw prompt, reminder, escalation…) that failed because someone could not be reached in Feishu, by kind; each is retried at the next planning',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'ssj_jobs_seconds',
    help: 'BullMQ job attempts: duration by job name and outcome (ok, retry, failed)',
    labelNames: ['name', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const webhookRejected = new Counter({
    name: 'ssj_webhook_rejected_total',
    help: 'Webhook requests refused, by reason (method, too_large, unsigned, unsigned_limited, bad_signature, stale, bad_token, malformed)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'ssj_queue_jobs',
    help: 'Jobs in the work queue by state (waiting, active, delayed, failed), read at scrape time',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!sources) return;
      // Redis away: no series rather than a failed scrape (alert on absent(ssj_queue_jobs)).
      const counts = await sources.queue.getJobCounts(...QUEUE_STATES).catch(() => null);
      if (counts) for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'ssj_overdue_tasks',
    help: 'Tasks still open or sent back after their deadline (Asia/Shanghai dates, business clock)',
    registers: [registry],
    async collect() {
      this.reset();
      if (!sources) return;
      const n = await countOverdue(sources).catch(() => null);
      if (n !== null) this.set(n);
    },
  });

  return {
    registry,
    events,
    callbackSeconds,
    sends,
    jobSeconds,
    webhookRejected,
    unreachable,
    watch(s) {
      sources = s;
      return () => {
        if (sources === s) sources = null;
      };
    },
  };
}

/** The ledger of unfinished tasks read (a filter on all tasks decodes each one on FerretDB); compared here. */
async function countOverdue({ unfinished, now }: MetricSources): Promise<number> {
  const today = shanghaiDate(now());
  return (await unfinished()).filter((t) => t.status !== 'reported' && t.deadline < today).length;
}

/** `GET /metrics` in Prometheus' text format. */
export function metricsRoute(metrics: Metrics): Route {
  return (req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
    );
  };
}

/** For code run without a metrics object (tests that build their own deps): counted, never exposed. */
export const unexposedMetrics = (): Metrics => createMetrics();
