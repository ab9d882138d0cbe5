import type { Models } from './models';
import { asDuplicateError } from './errors';
import { byIds } from './numbered';

/**
 * The one write both MongoDB and FerretDB 1.x serialise under concurrency: an insert under a unique
 * index. FerretDB's SQLite handler reads and writes a document outside a transaction, so contended
 * `$inc`, compare-and-set updates and upserts lose writes there (measured: 50 concurrent `$inc` → 6).
 * Anything that must happen once — an event, a card action, a job, a state transition — first
 * claims its key here; only the winner acts. See docs/data-model.md.
 *
 * @returns true if this caller claimed `key`, false if someone already had.
 */
export async function claim(
  models: Models,
  key: string,
  kind: string,
  at: Date,
  result: unknown = null,
): Promise<boolean> {
  try {
    await models.Receipt.create({ _id: key, key, kind, at, result });
    return true;
  } catch (err) {
    if (asDuplicateError(err, 'receipts')) return false;
    throw err;
  }
}

/**
 * The receipt for `key`, or null. Looked up by `_id` (a SQL filter on FerretDB; any other field is a
 * scan decoded in Go, ~10× the cost).
 */
export async function receiptOf(models: Models, key: string) {
  return models.Receipt.findOne({ _id: key }).lean();
}

/** Which of `keys` were claimed: each looked up by `_id` (see `byIds`: an `$in` reads every receipt on FerretDB). */
export async function heldReceipts(models: Models, keys: Iterable<string>): Promise<Set<string>> {
  const found = await byIds(keys, (k) => models.Receipt.findOne({ _id: k }, { _id: 1 }).lean());
  return new Set(found.keys());
}

/** Whether `key` was claimed. */
export async function hasReceipt(models: Models, key: string): Promise<boolean> {
  return (await receiptOf(models, key)) !== null;
}

/**
 * Runs an upgrade of the stored data once per database: skipped when its receipt `key` exists, else run,
 * then the receipt claimed with what it returns. A run cut short is run again, so `work` must finish what
 * an interrupted one left. Returns `work`'s result, or null when it had run already.
 */
export async function migrateOnce<T>(
  models: Models,
  key: string,
  now: Date,
  work: () => Promise<T>,
): Promise<T | null> {
  if (await hasReceipt(models, key)) return null;
  const result = await work();
  await claim(models, key, 'migration', now, result);
  return result;
}

/** How long `exclusively` waits for a holder, and when a holder is taken for dead. */
export interface LockTimes {
  waitMs: number;
  staleMs: number;
}
const LOCK_TIMES: LockTimes = { waitMs: 10_000, staleMs: 30_000 };

/**
 * Runs `work` as the one holder of `key` among all processes: a receipt `lock:<key>` inserted (the write
 * FerretDB serialises) and deleted afterwards. For writers of one document whose changes must not undo each
 * other: FerretDB runs an update as a read and a whole-document write, so two at once can lose one's fields.
 * Waits in short pauses while another holds it; a holder older than `staleMs` (its process died) is
 * removed. Throws `busy()` after `waitMs`. Times are the wall clock's: they are about the machine, not the
 * business day.
 */
export async function exclusively<T>(
  models: Models,
  key: string,
  work: () => Promise<T>,
  busy: () => Error,
  times: LockTimes = LOCK_TIMES,
): Promise<T> {
  const id = `lock:${key}`;
  const giveUp = Date.now() + times.waitMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
    if (await claim(models, id, 'lock', new Date())) break;
    const held = await models.Receipt.findOne({ _id: id }, { at: 1 }).lean();
    if (held && Date.now() - held.at.getTime() > times.staleMs) {
      await models.Receipt.deleteOne({ _id: id, at: held.at });
      continue;
    }
    if (Date.now() > giveUp) throw busy();
    await new Promise((r) => setTimeout(r, pause));
  }
  try {
    return await work();
  } finally {
    await models.Receipt.deleteOne({ _id: id });
  }
}
