import { migrateOnce } from '../adapters/db/claim';
import type { Models } from '../adapters/db/models';
import { sortedBy, sortedSet } from '../domain/draw/canonical';
import type { TargetRecord } from '../domain/records';
import { commitTargets, type CommitHooks, type StoredTarget } from './target-registry';
import { storedTarget } from './target-merge';

/**
 * 检查对象名录库 as imports and reviews change it: imported rows merged into the registry
 * (target-registry.ts keeps it), a target's last accepted inspection per item, and the move of a
 * database with a document per target into the registry.
 */

const FIELDS = [
  'name',
  'address',
  'legalRepresentative',
  'phone',
  'creditLevel',
  'riskLevel',
  'status',
] as const;

export type MergeOutcome = 'created' | 'updated' | 'unchanged';

/**
 * One imported record against its stored target: created if new, updated if a field differs (a target
 * keeps the items it was imported for before: one file per item is common), else the stored one itself.
 */
export function mergeTarget(
  old: StoredTarget | undefined,
  r: TargetRecord,
  actor: string,
  at: string,
): { target: StoredTarget; outcome: MergeOutcome } {
  if (!old)
    return { target: storedTarget(r, sortedSet(r.itemCodes), actor, at, actor, at), outcome: 'created' };
  // The common case, a row as it was: decided without building anything.
  const same = FIELDS.every((f) => old[f] === r[f]) && r.itemCodes.every((c) => old.itemCodes.includes(c));
  if (same) return { target: old, outcome: 'unchanged' };
  const itemCodes = sortedSet([...old.itemCodes, ...r.itemCodes]);
  return { target: storedTarget(r, itemCodes, old.createdBy, old.createdAt, actor, at), outcome: 'updated' };
}

/** Writes imported records (see mergeTarget); returns how many were created, updated and unchanged. */
export async function writeTargetRecords(
  models: Models,
  records: readonly TargetRecord[],
  actor: string,
  now: Date,
  hooks: CommitHooks = {},
): Promise<{ created: number; updated: number; unchanged: number }> {
  // Indexes sorted by a flat copy of each key: comparing the records' own codes (views into the
  // parser's strings, on objects of several shapes) took 1.5 s for 200,000.
  const keys = records.map((r) => r.creditCode.split('').join(''));
  const order = keys
    .map((_, i) => i)
    .sort((i, j) => (keys[i]! < keys[j]! ? -1 : keys[i]! > keys[j]! ? 1 : 0));
  const sorted = order.map((i) => records[i]!);
  const outcomes: MergeOutcome[] = [];
  const at = now.toISOString();
  await commitTargets(
    models,
    sorted.map((r) => r.creditCode),
    (old, index) => {
      const { target, outcome } = mergeTarget(old, sorted[index]!, actor, at);
      outcomes[index] = outcome; // set again, not added, when a retry calls this again
      return target;
    },
    now,
    hooks,
  );
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const o of outcomes) counts[o]++;
  return counts;
}

/** Records a target's last accepted inspection for an item (the next draw's no-repeat window reads it). */
export async function noteLastInspection(
  models: Models,
  entry: { itemCode: string; creditCode: string; date: string; drawNo: string; inspectorKeys: string[] },
): Promise<void> {
  await models.LastInspection.replaceOne(
    { _id: `${entry.itemCode}:${entry.creditCode}` },
    { _id: `${entry.itemCode}:${entry.creditCode}`, ...entry },
    { upsert: true },
  );
}

/** An item's last inspections by credit code (one scan of a collection as large as the accepted results). */
export async function lastInspectionsOf(models: Models, itemCode: string) {
  const found = await models.LastInspection.find({ itemCode }).lean();
  return new Map(found.map((l) => [l.creditCode, l]));
}

/**
 * Databases written before the registry (2026-12) hold a document per target in `targets`: their targets
 * move into the registry, their last inspections into `last_inspections`, and the collection is dropped.
 * Finished by the next start if cut short (each step can run twice). Returns how many targets moved.
 */
export async function migrateTargetDocuments(models: Models, now: Date, hooks: CommitHooks = {}) {
  return migrateOnce(models, 'migration:target-registry', now, async () => {
    const db = models.TargetRegistry.db;
    const old = db.collection('targets');
    const docs = await old.find({}).toArray();
    if (docs.length === 0) return { moved: 0 };
    const iso = (d: unknown) => (d instanceof Date ? d : now).toISOString();
    const moved = docs.map((d): StoredTarget => ({
      creditCode: d.creditCode,
      name: d.name,
      address: d.address ?? '',
      legalRepresentative: d.legalRepresentative ?? '',
      phone: d.phone ?? '',
      itemCodes: d.itemCodes ?? [],
      creditLevel: d.creditLevel ?? 'B',
      riskLevel: d.riskLevel ?? 'medium',
      status: d.status ?? 'open',
      createdBy: d.createdBy ?? 'system:migration',
      createdAt: iso(d.createdAt),
      updatedBy: d.updatedBy ?? 'system:migration',
      updatedAt: iso(d.updatedAt),
    }));
    const byCode = sortedBy(moved, (t) => t.creditCode);
    await commitTargets(
      models,
      byCode.map((t) => t.creditCode),
      (old, index) => old ?? byCode[index],
      now,
      hooks,
    );
    for (const d of docs) {
      for (const l of (d.lastInspections ?? []) as {
        itemCode: string;
        date: string;
        drawNo: string;
        inspectorKeys: string[];
      }[])
        await noteLastInspection(models, {
          ...l,
          creditCode: d.creditCode,
          inspectorKeys: l.inspectorKeys ?? [],
        });
    }
    await old.drop();
    return { moved: docs.length };
  });
}
