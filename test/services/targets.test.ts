import { claim } from '../../src/adapters/db/claim';
import { plainTargets } from '../../src/demo/demo-pools';
import { upgradeStore } from '../../src/services/upgrade-store';
import { currentPool } from '../../src/services/pool-snapshots';
import {
  allTargets,
  commitTargets,
  findTarget,
  readAheadTargets,
  targetCount,
} from '../../src/services/target-registry';
import { mergeTarget, writeTargetRecords } from '../../src/services/targets';
import { useTestDb } from '../helpers/services';

const now = new Date('2026-12-02T02:00:00Z');
const hotels = (count: number, from: number) => plainTargets({ itemCode: 'hotels', count, from });

describe('检查对象名录库 as chunks under one head', () => {
  const db = useTestDb();

  it('merges an imported record: created, updated where a field differs (keeping earlier items), else left', () => {
    const [a] = hotels(1, 1);
    const first = mergeTarget(undefined, a!, 'x', now.toISOString());
    expect(first.outcome).toBe('created');
    expect(mergeTarget(first.target, a!, 'y', 'later')).toEqual({
      target: first.target,
      outcome: 'unchanged',
    });
    const moved = mergeTarget(first.target, { ...a!, itemCodes: ['entertainment'] }, 'y', 'later');
    expect(moved).toEqual({
      outcome: 'updated',
      target: {
        ...a!,
        itemCodes: ['entertainment', 'hotels'],
        createdBy: 'x',
        createdAt: now.toISOString(),
        updatedBy: 'y',
        updatedAt: 'later',
      },
    });
  });

  it('writes 20,000 targets as a few chunks, finds one by its code, and rewrites only the chunk a change falls in', async () => {
    const { models } = db();
    const targets = hotels(20_000, 0);
    expect(await writeTargetRecords(models, targets, 'test', now)).toEqual({
      created: 20_000,
      updated: 0,
      unchanged: 0,
    });
    const head = (await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!;
    expect(head.count).toBe(20_000);
    expect(head.chunks.length).toBeGreaterThan(1);
    expect(head.chunks.length).toBeLessThan(20);
    const all = await allTargets(models);
    expect(all.map((t) => t.creditCode)).toEqual(targets.map((t) => t.creditCode).sort());
    const probe = targets[12_345]!;
    expect(await findTarget(models, probe.creditCode)).toMatchObject({ ...probe, createdBy: 'test' });
    expect(await findTarget(models, '91410381000000000X')).toBeNull();

    // Unchanged: nothing committed. One name changed: one new chunk, the old one retired, then deleted.
    expect(await writeTargetRecords(models, targets, 'test', now)).toMatchObject({ unchanged: 20_000 });
    expect((await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!.rev).toBe(head.rev);
    await writeTargetRecords(models, [{ ...probe, name: '改名旅馆' }], 'test', now);
    const after = (await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!;
    const ids = (h: typeof head) => h.chunks.map((c) => c.id);
    expect(ids(after).filter((id) => !ids(head).includes(id))).toHaveLength(1);
    expect(after.retired).toHaveLength(1);
    await writeTargetRecords(models, [{ ...probe, name: '再改名旅馆' }], 'test', now);
    expect(await models.TargetChunk.countDocuments({ _id: { $in: after.retired } })).toBe(0);
    expect((await findTarget(models, probe.creditCode))!.name).toBe('再改名旅馆');
    expect(await targetCount(models)).toBe(20_000);
  }, 60_000);

  it('loses nothing when two imports commit at once: the second redoes its change on the first', async () => {
    const { models } = db();
    const before = await targetCount(models);
    const [x, y] = [hotels(300, 50_000), hotels(300, 60_000)];
    const results = await Promise.all([
      writeTargetRecords(models, x, 'one', now),
      writeTargetRecords(models, y, 'two', now),
    ]);
    expect(results.map((r) => r.created)).toEqual([300, 300]);
    expect(await targetCount(models)).toBe(before + 600);
    const codes = new Set((await allTargets(models)).map((t) => t.creditCode));
    expect([...x, ...y].every((t) => codes.has(t.creditCode))).toBe(true);
  }, 60_000);

  it('merges from chunks read ahead, even when a commit came between the read and the merge', async () => {
    const { models } = db();
    const ahead = readAheadTargets(models);
    const stale = await ahead;
    expect(stale.size).toBe((await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!.chunks.length);
    // Another import commits after the read: some chunks read ahead are retired, new ones cited.
    const [first, second] = [hotels(50, 90_000), hotels(50, 91_000)];
    await writeTargetRecords(models, first, 'other', now);
    const before = await targetCount(models);
    expect(
      await writeTargetRecords(models, second, 'this', now, { readAhead: Promise.resolve(stale) }),
    ).toMatchObject({ created: 50 });
    expect(await targetCount(models)).toBe(before + 50);
    const codes = new Set((await allTargets(models)).map((t) => t.creditCode));
    expect([...first, ...second].every((t) => codes.has(t.creditCode))).toBe(true);
    // The same list as one commit of everything makes: nothing stale taken.
    const again = await readAheadTargets(models);
    expect(
      await writeTargetRecords(models, second, 'this', now, { readAhead: Promise.resolve(again) }),
    ).toMatchObject({
      unchanged: 50,
    });
    // A read ahead that failed is an empty one: the merge reads for itself.
    expect(
      await writeTargetRecords(models, first, 'x', now, { readAhead: Promise.resolve(new Map()) }),
    ).toMatchObject({
      unchanged: 50,
    });
  }, 60_000);

  it('finishes a commit whose writer died after claiming it: the next writer rolls the head forward', async () => {
    const { models } = db();
    const head = (await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!;
    // A writer claimed rev + 1 (this content: the head's chunks minus nothing, one count off) and died.
    const orphan = { chunks: head.chunks, count: head.count, at: now.toISOString() };
    expect(await claim(models, `targets:rev:${head.rev + 1}`, 'targets.commit', now, orphan)).toBe(true);
    const extra = hotels(1, 70_000);
    expect(await writeTargetRecords(models, extra, 'next', now)).toMatchObject({ created: 1 });
    const after = (await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!;
    expect(after.rev).toBe(head.rev + 2);
    expect(await findTarget(models, extra[0]!.creditCode)).not.toBeNull();
  });

  it('refuses a change naming one credit code twice or out of order, and commits nothing', async () => {
    const { models } = db();
    const rev = (await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!.rev;
    const [a, b] = hotels(2, 80_000).map((t) => t.creditCode);
    const edit = () => undefined;
    await expect(commitTargets(models, [a!, a!], edit, now)).rejects.toThrow(/twice or out of order/);
    await expect(commitTargets(models, [b!, a!], edit, now)).rejects.toThrow(/twice or out of order/);
    // An edit that renames a target would break the order: refused too.
    const first = (await allTargets(models))[0]!;
    await expect(
      commitTargets(models, [first.creditCode], (old) => old && { ...old, creditCode: 'ZZZZ' }, now),
    ).rejects.toThrow(/twice or out of order/);
    expect((await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!.rev).toBe(rev);
  });
});

/** The registry's chunk ids after incremental commits, to compare with one written at once. */
let incremental: string[] = [];
const even = () => hotels(6_000, 10_000).filter((_, i) => i % 2 === 0);
const between = () => hotels(10, 11_500).filter((_, i) => i % 2 === 1);
const finalSet = () => [...even(), ...hotels(5, 1), ...hotels(5, 90_000), ...between()];

describe('incremental commits cut the list as one commit of the whole list would', () => {
  const db = useTestDb();

  it('adds before the first target, after the last and in the middle, in rounds', async () => {
    const { models } = db();
    await writeTargetRecords(models, even(), 'test', now);
    await writeTargetRecords(models, hotels(5, 1), 'test', now); // before all
    await writeTargetRecords(models, hotels(5, 90_000), 'test', now); // after all
    await writeTargetRecords(models, between(), 'test', now); // between two in the middle
    const all = await allTargets(models);
    expect(all.map((t) => t.creditCode)).toEqual(
      finalSet()
        .map((t) => t.creditCode)
        .sort(),
    );
    incremental = (await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!.chunks.map((c) => c.id);
  });
});

describe('the same list written at once', () => {
  const db = useTestDb();

  it('has the same chunks (content-addressed, cut by content)', async () => {
    const { models } = db();
    await writeTargetRecords(models, finalSet(), 'test', now);
    const once = (await models.TargetRegistry.findOne({ _id: 'targets' }).lean())!.chunks.map((c) => c.id);
    expect(incremental.length).toBeGreaterThan(0);
    expect(once).toEqual(incremental);
  });
});

describe('a database with a document per target (before 2026-12) is moved into the registry at start', () => {
  const db = useTestDb();

  it('moves targets and their last inspections, drops the old collection, and does it once', async () => {
    const { models } = db();
    const old = models.Receipt.db.collection('targets');
    const [a, b] = hotels(2, 1);
    const created = new Date('2026-03-01T00:00:00Z');
    await old.insertMany([
      {
        _id: a!.creditCode,
        ...a!,
        createdBy: 'import',
        updatedBy: 'import',
        createdAt: created,
        updatedAt: created,
        lastInspections: [
          {
            itemCode: 'hotels',
            date: '2026-05-01',
            drawNo: 'CC2026-03-R1-01',
            inspectorKeys: ['badge:1', 'badge:2'],
          },
        ],
      },
      { _id: b!.creditCode, ...b!, lastInspections: [] },
    ] as never[]);
    await upgradeStore(models, now);
    expect(await allTargets(models)).toEqual([
      expect.objectContaining({ ...a!, createdBy: 'import', createdAt: created.toISOString() }),
      expect.objectContaining({ ...b!, createdBy: 'system:migration', createdAt: now.toISOString() }),
    ]);
    expect(await models.LastInspection.findOne({ _id: `hotels:${a!.creditCode}` }).lean()).toMatchObject({
      date: '2026-05-01',
      inspectorKeys: ['badge:1', 'badge:2'],
    });
    const collections = (await models.Receipt.db.db!.listCollections().toArray()).map((c) => c.name);
    expect(collections).not.toContain('targets');
    // The pool snapshot sees the moved inspection.
    const pool = await currentPool(models, 'hotels');
    expect(pool.pool.find((e) => e.creditCode === a!.creditCode)).toMatchObject({
      lastInspected: '2026-05-01',
      lastInspectors: ['badge:1', 'badge:2'],
    });
    // Once: a later start does not read the old collection again.
    await old.insertOne({ _id: 'late', creditCode: 'late', name: 'x' } as never);
    await upgradeStore(models, now);
    expect(await targetCount(models)).toBe(2);
  });
});
