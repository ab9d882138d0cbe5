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
