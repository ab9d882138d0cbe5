import { migrateOnce } from './claim';
import { asDuplicateError } from './errors';
import type { Models } from './models';

/**
 * Receipts and tasks once had generated ObjectIds; since 2026-11 their `_id` is their key / task
 * number (the one lookup FerretDB filters in SQL), and reads go by `_id` only. A database written
 * before that would silently miss its old receipts (a draw proposed twice, a card resent), so the
 * bot refuses to start on it and says what to do. Pre-production data only: nothing to migrate.
 */
export async function checkIdsAreKeys(models: Models): Promise<void> {
  for (const [model, what] of [
    [models.Receipt, 'receipts'],
    [models.Task, 'tasks'],
    [models.AuditEntry, 'audit_log'],
  ] as const) {
    if (await model.collection.findOne({ _id: { $type: 'objectId' } }))
      throw new Error(
        `the database was written by an older version (${what} with generated _ids); ` +
          'start from an empty database (demo: delete <DATA_DIR>/ferretdb and run again)',
      );
  }
}

/**
 * What a document being moved to its key `_id` has its key renamed to meanwhile (the unique index holds).
 * `~` never occurs in a credit code, a draw number or a task number; NUL would not either, but PostgreSQL's
 * jsonb refuses it (SQLSTATE 22P05).
 */
export const MOVING = '~moving';

/**
 * The collections moved to key `_id`s (targets in 2026-12, draws and reports later that month), each by the
 * field that is its key and the receipt saying it is done.
 */
const MOVES = [
  // Targets have since moved into the registry (src/services/targets.ts), which reads this collection once.
  { model: 'Target', collection: 'targets', field: 'creditCode', receipt: 'migration:target-ids' },
  { model: 'Draw', collection: 'draws', field: 'drawNo', receipt: 'migration:draw-ids' },
  { model: 'Report', collection: 'reports', field: 'taskNo', receipt: 'migration:report-ids' },
] as const;
type Moved = (typeof MOVES)[number]['model'];

/**
 * Documents written before their collection was keyed have generated `_id`s; each is moved to `_id` = its
 * key: the old document's key is set aside (so the unique index lets the copy in), the copy inserted, the
 * old one deleted. A run interrupted anywhere is finished by the next (a document set aside is recognised
 * by its marked key). Returns how many were moved. Done once per database and collection (a receipt says
 * so): the search for generated `_id`s scans the collection on FerretDB.
 */
export async function migrateKeyIds(
  models: Models,
  now = new Date(),
  only?: Moved,
): Promise<Record<Moved, number>> {
  const out = { Target: 0, Draw: 0, Report: 0 };
  for (const { model, collection, field, receipt } of MOVES) {
    if (only && model !== only) continue;
    const col = models.Receipt.db.collection(collection);
    const done = await migrateOnce(models, receipt, now, async () => {
      // The old documents are read in one pass first: inserting while a cursor walks the collection
      // could hand the cursor the copies too.
      const old = await col.find({ _id: { $type: 'objectId' } }).toArray();
      for (const doc of old) {
        const key = String(doc[field]).replace(MOVING, '');
        if (!String(doc[field]).endsWith(MOVING))
          await col.updateOne({ _id: doc._id }, { $set: { [field]: key + MOVING } });
        try {
          await col.insertOne({ ...doc, _id: key as never, [field]: key });
        } catch (err) {
          if (!asDuplicateError(err, col.collectionName)) throw err; // copied before the interruption
        }
        await col.deleteOne({ _id: doc._id });
      }
      return { moved: old.length };
    });
    out[model] = done?.moved ?? 0;
  }
  return out;
}
