import { DuplicateError } from '../../src/domain/errors';
import { translateDuplicate } from '../../src/adapters/db/errors';
import { claim } from '../../src/adapters/db/claim';
import { useTestDb } from '../helpers/services';
import { randomBytes } from 'node:crypto';
import { evidenceTasks, listEvidence, putEvidence, readEvidence } from '../../src/adapters/db/evidence-store';

/**
 * What the bot relies on, checked against the real server of this run (FerretDB 1.24.2 by default):
 * if one of these fails, the data layer cannot be trusted there.
 */
describe('MongoDB-compatible server capabilities', () => {
  const db = useTestDb();

  it('answers ping and round-trips documents (CRUD)', async () => {
    const { conn, models } = db();
    expect((await conn.db!.admin().command({ ping: 1 })).ok).toBe(1);
    await models.Unit.create({ name: '治安大队', kind: 'brigade', createdBy: 't', updatedBy: 't' });
    const found = await models.Unit.findOne({ name: '治安大队' }).lean();
    expect(found).toMatchObject({ name: '治安大队', kind: 'brigade', createdBy: 't' });
    expect(found!.createdAt).toBeInstanceOf(Date);
    await models.Unit.updateOne({ name: '治安大队' }, { $set: { kind: 'station' } });
    expect((await models.Unit.findOne({ name: '治安大队' }).lean())!.kind).toBe('station');
    await models.Unit.deleteOne({ name: '治安大队' });
    expect(await models.Unit.countDocuments({})).toBe(0);
  });

  it('enforces unique indexes and surfaces a duplicate as a DuplicateError', async () => {
    const { models } = db();
    // Different _ids: the secondary unique index on `key` is what refuses the second.
    const receipt = { key: 'evt-1', kind: 'event', at: new Date() };
    await models.Receipt.create({ _id: 'r1', ...receipt });
    const second = translateDuplicate('receipts', () => models.Receipt.create({ _id: 'r2', ...receipt }));
    await expect(second).rejects.toBeInstanceOf(DuplicateError);
    await expect(
      translateDuplicate('receipts', () => models.Receipt.create({ _id: 'r3', ...receipt })),
    ).rejects.toMatchObject({
      code: 'DUPLICATE',
      collection: 'receipts',
    });
    expect(await models.Receipt.countDocuments({ key: 'evt-1' })).toBe(1);
  });

  it('lets exactly one of many concurrent inserts of a unique key win', async () => {
    const { models } = db();
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.all(
        Array.from({ length: 25 }, () => claim(models, `card-action-${round}`, 'card', new Date())),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    }
  });

  it('upserts with $inc and $setOnInsert (uncontended)', async () => {
    const { conn } = db();
    const counters = conn.collection<{ _id: string; value: number; createdAt: Date }>('test_counters');
    for (let i = 0; i < 3; i++) {
      await counters.findOneAndUpdate(
        { _id: 'c' },
        { $inc: { value: 1 }, $setOnInsert: { createdAt: new Date(0) } },
        { upsert: true, returnDocument: 'after' },
      );
    }
    expect(await counters.findOne({ _id: 'c' })).toEqual({ _id: 'c', value: 3, createdAt: new Date(0) });
  });

  it('runs ordered and unordered bulkWrite with upserts', async () => {
    const { models } = db();
    const op = (code: string, name: string) => ({
      updateOne: {
        filter: { creditCode: code },
        update: { $set: { name, itemCodes: ['hotels'], updatedBy: 't' }, $setOnInsert: { createdBy: 't' } },
        upsert: true,
      },
    });
    const col = models.Receipt.db.collection('capability_bulk');
    const first = await col.bulkWrite([op('A1', '甲'), op('A2', '乙')], { ordered: false });
    expect(first.upsertedCount).toBe(2);
    const second = await col.bulkWrite([op('A1', '甲'), op('A2', '丙')]);
    expect(second.upsertedCount).toBe(0);
    expect(second.matchedCount).toBe(2);
    expect((await col.find({}).sort({ creditCode: 1 }).toArray()).map((t) => t.name as string)).toEqual([
      '甲',
      '丙',
    ]);
  });

  it('aggregates with $match, $group and $sort', async () => {
    const { models } = db();
    // Grouped as /进度 groups them: by draw and status.
    const mk = (taskNo: string, drawNo: string, status: string) => ({
      _id: taskNo,
      taskNo,
      drawNo,
      targetCreditCode: taskNo,
      targetName: taskNo,
      inspectorKeys: ['badge:1', 'badge:2'],
      status,
    });
    await models.Task.insertMany([
      mk('T1', 'CC2026-01-R1-01', 'open'),
      mk('T2', 'CC2026-01-R1-01', 'accepted'),
      mk('T3', 'CC2026-02-R1-01', 'open'),
      mk('T4', 'CC2026-01-R1-01', 'open'),
    ]);
    const rows = await models.Task.aggregate<{ _id: string; open: number }>([
      { $match: { status: 'open' } },
      { $group: { _id: '$drawNo', open: { $sum: 1 } } },
      { $sort: { open: -1, _id: 1 } },
    ]);
    expect(rows).toEqual([
      { _id: 'CC2026-01-R1-01', open: 2 },
      { _id: 'CC2026-02-R1-01', open: 1 },
    ]);
  });

  it('stores and reads GridFS files under string ids, several chunks each, one bucket per task', async () => {
    const { models, conn } = db();
    // 600 KB: three 255 KB chunks, the last one partial.
    const big = randomBytes(600 * 1024);
    const meta = (slot: number) => ({
      taskNo: 'T1',
      slot,
      kind: 'jpg',
      sha256: 'x',
      by: 'badge:1',
      at: new Date(0),
      imageKey: null,
    });
    await putEvidence(models, 'T1', { id: 'ev-a', name: '现场照片.jpg', data: big, metadata: meta(1) });
    await putEvidence(models, 'T1', {
      id: 'ev-b',
      name: '记录.pdf',
      data: Buffer.from('%PDF-1.4'),
      metadata: meta(2),
    });
    await putEvidence(models, 'T2', {
      id: 'ev-a',
      name: '另一个任务.jpg',
      data: Buffer.from('x'),
      metadata: meta(1),
    });
    expect(
      await conn.db!.collection('evidence.T1.chunks').countDocuments({ files_id: 'ev-a' as never }),
    ).toBe(3);
    expect((await readEvidence(models, 'T1', 'ev-a'))!.data.equals(big)).toBe(true);
    expect((await readEvidence(models, 'T2', 'ev-a'))!.name).toBe('另一个任务.jpg');
    expect((await listEvidence(models, 'T1')).map((e) => [e.id, e.name, e.bytes, e.slot])).toEqual([
      ['ev-a', '现场照片.jpg', big.length, 1],
      ['ev-b', '记录.pdf', 8, 2],
    ]);
    // Written again under the same id (a retried job): replaced, not doubled.
    await putEvidence(models, 'T1', { id: 'ev-a', name: '现场照片.jpg', data: big, metadata: meta(1) });
    expect(await conn.db!.collection('evidence.T1.chunks').countDocuments({})).toBe(4);
    expect(await evidenceTasks(models)).toEqual(['T1', 'T2']);
    expect(await readEvidence(models, 'T1', 'ev-missing')).toBeNull();
  });
});
