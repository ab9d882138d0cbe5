import type { ServerResponse } from 'node:http';

/** What the server and its test API share (so that neither imports the other's module for it). */

/**
 * The demo's time machine: the bot's clock, shown and moved forward from the console so schedules
 * (reminders, escalation) can be watched. The platform's own clock stays real: tokens and rate limits
 * are about the wire, not the business day.
 */
export interface BusinessClock {
  now(): number;
  /** Moves to 09:30 (after the daily run) `days` days later, running each day's schedule in turn. */
  advanceDays(days: number): Promise<void>;
  /**
   * Moves day by day, each day's schedule run, until a day on which the schedule sent something (at
   * most `maxDays`); returns the days moved.
   */
  advanceToNextEvent?(maxDays: number): Promise<number>;
}

/** Injected faults of the Open API, for reliability tests (set through /_emulator/faults). */
export interface Faults {
  /** Answer every Open API call with HTTP 500 until this time (ms, emulator clock). */
  errorsUntil: number;
  /** Added latency per Open API call, ms. */
  latencyMs: number;
  /** The next this many Open API calls have their connection cut unanswered (the client sees a reset). */
  resets: number;
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
