import type { Connection } from 'mongoose';

/** One kind of query a path made: the command, the collection, the filter's shape and one real filter. */
export interface QueryShape {
  command: string;
  collection: string;
  /** The filter with its values replaced by their types: `{"drawNo":"string"}`. */
  shape: string;
  /** The filter as sent, to ask the server how it runs. */
  filter: Record<string, unknown>;
  count: number;
}

/** The filters each command carries (a write's are per statement). */
function filtersOf(name: string, c: Record<string, unknown>): Record<string, unknown>[] {
  const one = (f: unknown) => [(f ?? {}) as Record<string, unknown>];
  switch (name) {
    case 'find':
    case 'count':
    case 'distinct':
      return one(c.filter ?? c.query);
    case 'findAndModify':
      return one(c.query);
    case 'update':
      return (c.updates as { q: unknown }[]).map((u) => u.q as Record<string, unknown>);
    case 'delete':
      return (c.deletes as { q: unknown }[]).map((d) => d.q as Record<string, unknown>);
    case 'aggregate': {
      const first = (c.pipeline as Record<string, unknown>[])[0];
      return one(first && '$match' in first ? first.$match : {});
    }
    default:
      return [];
  }
}

const shapeOf = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.length
      ? [shapeOf(v[0])]
      : []
    : v !== null && typeof v === 'object' && !(v instanceof Date) && v.constructor === Object
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOf(x)]))
      : v instanceof Date
        ? 'date'
        : v === null
          ? 'null'
          : typeof v;

/**
 * Records every filtered command on a connection opened with `monitorCommands`, by shape, until stopped;
 * `unpushed` then asks the server (`explain`) which of those filters it evaluates itself, document by
 * document, instead of in its storage's SQL: FerretDB's `filterPushdown: false`, a scan that decodes every
 * document of the collection.
 */
export function queryLog(conn: Connection) {
  const client = conn.getClient();
  const shapes = new Map<string, QueryShape>();
  const dbName = conn.db!.databaseName;
  const listener = (e: { commandName: string; databaseName: string; command: Record<string, unknown> }) => {
    if (e.databaseName !== dbName) return;
    const collection = e.command[e.commandName];
    if (typeof collection !== 'string') return;
    for (const filter of filtersOf(e.commandName, e.command)) {
      const shape = JSON.stringify(shapeOf(filter));
      const key = `${e.commandName} ${collection} ${shape}`;
      const seen = shapes.get(key);
      if (seen) seen.count++;
      else shapes.set(key, { command: e.commandName, collection, shape, filter, count: 1 });
    }
  };
  client.on('commandStarted', listener);
  return {
    shapes: () => [...shapes.values()],
    clear: () => shapes.clear(),
    stop: () => void client.off('commandStarted', listener),
    /** The recorded shapes the server runs by looking at every document (its own `explain`). */
    async unpushed(): Promise<QueryShape[]> {
      const out: QueryShape[] = [];
      for (const s of shapes.values()) {
        const plan = await conn.db!.command({
          explain: { find: s.collection, filter: s.filter },
          verbosity: 'queryPlanner',
        });
        // FerretDB says whether its storage ran the filter; MongoDB, whether its plan scans the collection.
        const scans =
          'filterPushdown' in plan
            ? plan.filterPushdown !== true
            : JSON.stringify(plan.queryPlanner?.winningPlan ?? {}).includes('COLLSCAN');
        if (scans) out.push(s);
      }
      return out;
    },
  };
}
