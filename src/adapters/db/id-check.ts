import { claim, hasReceipt } from './claim';
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
 * What a target being moved to its credit-code `_id` is renamed to meanwhile (the unique index holds).
 * `~` never occurs in a credit code; NUL would, but PostgreSQL's jsonb refuses it (SQLSTATE 22P05).
 */
export const MOVING = '~moving';
const MIGRATED = 'migration:target-ids';

/**
 * Targets written before 2026-12 have generated `_id`s; each is moved to `_id` = its credit code: the
 * old document's credit code is set aside (so the unique index lets the copy in), the copy inserted,
 * the old one deleted. A run interrupted anywhere is finished by the next (a document set aside is
 * recognised by its marked credit code). Returns how many were moved. Done once per database (a receipt
 * says so): the search for generated `_id`s scans every target on FerretDB.
 */
export async function migrateTargetIds(models: Models, now = new Date()): Promise<number> {
  if (await hasReceipt(models, MIGRATED)) return 0;
  const col = models.Target.collection;
  let moved = 0;
  // The old documents are read in one pass first: inserting while a cursor walks the collection could
  // hand the cursor the copies too.
  const old = await col.find({ _id: { $type: 'objectId' } }).toArray();
  for (const doc of old) {
    const code = String(doc.creditCode).replace(MOVING, '');
    if (!String(doc.creditCode).endsWith(MOVING))
      await col.updateOne({ _id: doc._id }, { $set: { creditCode: code + MOVING } });
    try {
      await col.insertOne({ ...doc, _id: code as never, creditCode: code });
    } catch (err) {
      if (!asDuplicateError(err, 'targets')) throw err; // copied before the interruption
    }
    await col.deleteOne({ _id: doc._id });
    moved++;
  }
  await claim(models, MIGRATED, 'migration', now, { moved });
  return moved;
}
