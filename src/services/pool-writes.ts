/** Writing an imported pool: only what changed, by its key (统一社会信用代码 / 执法证号). */
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { Models } from '../adapters/db/models';
import type { OfficerRecord, TargetRecord } from '../domain/records';
import { markPoolsChanged } from './pool-snapshots';
import { writeTargetRecords } from './targets';

const BATCH = 500;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

const union = (a: readonly string[] | undefined, b: readonly string[]) => [...new Set([...(a ?? []), ...b])];

type Doc = Record<string, unknown> & { _id: unknown };

/** What to write for one kind of pool: its key, and the stored fields given the old document (if any). */
interface WritePlan<R> {
  model: Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  keyField: string;
  keyOf(r: R): string;
  fields(r: R, old: Doc | undefined): Record<string, unknown>;
  /** An existing document without the key that this record should claim (plan people without a badge). */
  adopt?(r: R, unkeyed: Doc[]): Doc | undefined;
}

/**
 * Writes only what changed, in batches, through the driver: mongoose's per-document casting cost
 * 3x the time on 100k rows, and the rows are validated already. Existing documents are read in one
 * pass (FerretDB scans for `$in`, so batched look-ups grow quadratically). Defaults come from the
 * schema, so documents look exactly as mongoose would have written them.
 */
export async function writeChanges<R>(plan: WritePlan<R>, records: R[], actor: string, now: Date) {
  const keys = new Set(records.map(plan.keyOf));
  const existing = new Map<string, Doc>();
  const unkeyed: Doc[] = [];
  for await (const doc of plan.model.collection.find({}) as AsyncIterable<Doc>) {
    const key = doc[plan.keyField] as string | null | undefined;
    if (key && keys.has(key)) existing.set(key, doc);
    else if (plan.adopt) unkeyed.push(doc);
  }
  const { _id, ...defaults } = new plan.model({}).toObject() as Doc;
  void _id;
  const counts = { created: 0, updated: 0, unchanged: 0 };
  let ops: AnyBulkWriteOperation[] = [];
  const flush = async () => {
    if (ops.length === 0) return;
    await plan.model.collection.bulkWrite(ops as never, { ordered: false });
    ops = [];
  };
  for (const r of records) {
    const old = existing.get(plan.keyOf(r)) ?? plan.adopt?.(r, unkeyed);
    const next = plan.fields(r, old);
    if (!old) {
      counts.created++;
      const document = {
        ...defaults,
        ...next,
        createdBy: actor,
        updatedBy: actor,
        createdAt: now,
        updatedAt: now,
      };
      ops.push({ insertOne: { document } });
    } else {
      const changed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(next)) {
        const prev = old[k];
        const differs = Array.isArray(v)
          ? !sameSet(v, (prev as string[] | undefined) ?? [])
          : v !== null && typeof v === 'object' // an officer's absence, built in one member order
            ? JSON.stringify(v) !== JSON.stringify(prev ?? null)
            : v !== (prev ?? null);
        if (differs) changed[k] = v;
      }
      if (Object.keys(changed).length === 0) counts.unchanged++;
      else {
        counts.updated++;
        ops.push({
          updateOne: {
            filter: { _id: old._id },
            update: { $set: { ...changed, updatedBy: actor, updatedAt: now } },
          },
        });
      }
    }
    if (ops.length >= BATCH) await flush();
  }
  await flush();
  return counts;
}

/** Writes imported targets into the registry (src/services/target-registry.ts); every item's snapshot goes stale. */
export async function writeTargetChanges(
  models: Models,
  records: TargetRecord[],
  actor: string,
  now: Date,
  readAhead?: Promise<Map<string, Buffer>>,
) {
  // A changed target may be in any item (its name, status or credit level is every item's): all go stale.
  const named = new Set(records.flatMap((r) => r.itemCodes));
  const changing = async () => {
    const items = await models.Item.find({}, { code: 1 }).lean();
    await markPoolsChanged(models, [...items.map((i) => i.code), ...named]);
  };
  return writeTargetRecords(models, records, actor, now, { before: changing, after: changing, readAhead });
}

export const officerPlan = (models: Models): WritePlan<OfficerRecord> => ({
  model: models.Person,
  keyField: 'key',
  keyOf: (r) => `badge:${r.badgeNo}`,
  fields: (r, old) => ({
    key: `badge:${r.badgeNo}`,
    ...r,
    roles: union(old?.roles as string[] | undefined, r.roles),
  }),
  // People named in the plan have no badge number yet: the first import listing them in their unit attaches it.
  adopt: (r, unkeyed) =>
    unkeyed.find((p) => p.badgeNo == null && p.name === r.name && p.unitName === r.unitName),
});
