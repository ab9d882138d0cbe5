import { LRUCache } from 'lru-cache';
import type { Models } from '../adapters/db/models';
import type { ItemDoc } from '../adapters/db/models/item';
import type { Actor } from '../domain/permissions';
import { actorForOpenId, type Directory } from './identity';
import { drawFacts, finalFacts, type DrawFacts, type FactsReader } from './task-records';

/**
 * Who is clicking, and the items: read on every message and click, changed only by an import or a
 * plan load. Kept in memory for a short while (each query costs ~5 ms on FerretDB, measured), with
 * concurrent misses sharing one read. A change made in this process clears them at once; one made by
 * another process (a CLI import) shows within `ttlMs`. Decisions that must be current (a task's
 * state, a draw's) always read the database; a dispatched draw's facts are kept as they never change.
 */
export interface Lookups {
  /** The bureau's person behind an open id, or null (not cached: they may be linked any moment). */
  actor(openId: string): Promise<Actor | null>;
  /** Every item, in plan order. */
  items(): Promise<ItemDoc[]>;
  /**
   * The facts of draws (`drawFacts`), a dispatched draw's kept (they never change again): a click on a
   * task card reads the task alone.
   */
  drawFacts: FactsReader;
  clear(): void;
}

/**
 * A fetch, read again when `clear()` aborted it mid-way (lru-cache rejects an in-flight fetch with
 * "deleted" on clear): the reader gets the data as of after the change, never an error.
 */
async function fresh<T>(fetch: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch();
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error) || err.message !== 'deleted') throw err;
    }
  }
}

/**
 * lru-cache options that age entries by `now` (ms) instead of `performance.now`, for tests that move their
 * own clock; none without it. ttlResolution 0: lru-cache otherwise keeps a read time for 1 ms of wall clock.
 */
export const ttlClock = (now?: () => number) => (now ? { perf: { now }, ttlResolution: 0 } : {});

export interface LookupsOptions {
  /** How long an entry is kept (ms). */
  ttlMs?: number;
  /** Milliseconds for the time to live (default: `performance.now`); injected so tests need not sleep. */
  now?: () => number;
}

export function cachedLookups(
  models: Models,
  directory: Directory,
  { ttlMs = 60_000, now }: LookupsOptions = {},
): Lookups {
  const perf = ttlClock(now);
  const actors = new LRUCache<string, Actor>({
    max: 10_000,
    ttl: ttlMs,
    ...perf,
    fetchMethod: async (openId) => (await actorForOpenId(models, directory, openId)) ?? undefined,
  });
  const items = new LRUCache<'all', ItemDoc[]>({
    max: 1,
    ttl: ttlMs,
    ...perf,
    fetchMethod: async () => models.Item.find({}).sort({ seq: 1 }).lean<ItemDoc[]>(),
  });
  const facts = new LRUCache<string, DrawFacts>({ max: 10_000, ttl: ttlMs, ...perf });
  return {
    actor: async (openId) => (await fresh(() => actors.fetch(openId))) ?? null,
    items: async () => (await fresh(() => items.fetch('all'))) ?? [],
    async drawFacts(drawNos) {
      const known = new Map<string, DrawFacts>();
      const missing = new Set<string>();
      for (const no of drawNos) {
        const f = facts.get(no);
        if (f) known.set(no, f);
        else missing.add(no);
      }
      if (missing.size === 0) return known;
      for (const [no, f] of await drawFacts(models, missing)) {
        if (finalFacts(f)) facts.set(no, f);
        known.set(no, f);
      }
      return known;
    },
    clear() {
      actors.clear();
      items.clear();
      facts.clear();
    },
  };
}
