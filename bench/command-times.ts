import type { Connection } from 'mongoose';

/**
 * Time spent per database command and collection, summed (`insert targets`, `find pool_chunks`, …):
 * commands that run at the same time each count in full, so a sum may exceed the step's wall time.
 */
export interface CommandTimes {
  /** The costliest first: `insert targets ×34 4.1 s`. */
  top(n: number): string[];
  reset(): void;
}

/**
 * Sums the driver's command events of a connection opened with `monitorCommands` (connectDb's option):
 * where a step's database time goes, printed with the step, on any backend.
 */
export function commandTimes(conn: Connection): CommandTimes {
  const client = conn.getClient();
  const started = new Map<number, string>();
  const sums = new Map<string, { n: number; ms: number }>();
  client.on('commandStarted', (e) => {
    const target = (e.commandName === 'getMore' ? e.command.collection : e.command[e.commandName]) as unknown;
    started.set(e.requestId, `${e.commandName}${typeof target === 'string' ? ` ${target}` : ''}`);
  });
  const done = (e: { requestId: number; commandName: string; duration: number }) => {
    const key = started.get(e.requestId) ?? e.commandName;
    started.delete(e.requestId);
    const sum = sums.get(key) ?? { n: 0, ms: 0 };
    sum.n++;
    sum.ms += e.duration;
    sums.set(key, sum);
  };
  client.on('commandSucceeded', done);
  client.on('commandFailed', done);
  return {
    top: (n) =>
      [...sums]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, n)
        .map(
          ([k, s]) =>
            `${k} ×${s.n} ${s.ms >= 1000 ? `${(s.ms / 1000).toFixed(1)} s` : `${Math.round(s.ms)} ms`}`,
        ),
    reset: () => sums.clear(),
  };
}
