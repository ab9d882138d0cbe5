import type { Models } from '../adapters/db/models';
import { migrateKeyIds } from '../adapters/db/id-check';
import { migrateCardLedger } from './card-messages';
import { migratePeriodMarks } from './period-marks';
import { migrateOpenTasks } from './open-tasks';
import { migratePendingResults } from './publications';
import { markPoolsChanged } from './pool-snapshots';
import { migrateTargetDocuments } from './targets';

/**
 * Brings a database an older version wrote to today's layout, before anything reads it (the bot at start,
 * every CLI): documents moved to their key `_id`s, targets moved into the registry, the card ledger copied,
 * the lists of unfinished tasks and of results waiting for 公示 built, the tasks' marks made.
 * Each step runs once per database (a receipt says so) and finishes one an interruption cut short.
 */
export async function upgradeStore(models: Models, now = new Date()): Promise<void> {
  await migrateKeyIds(models, now);
  const allPools = async () =>
    markPoolsChanged(
      models,
      (await models.Item.find({}, { code: 1 }).lean()).map((i) => i.code),
    );
  await migrateTargetDocuments(models, now, { before: allPools, after: allPools });
  await migrateCardLedger(models, now);
  await migrateOpenTasks(models, now);
  await migratePendingResults(models, now);
  await migratePeriodMarks(models, now);
}
