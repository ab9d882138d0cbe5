import { ObjectId } from 'mongodb';
import { claim, hasReceipt, heldReceipts, receiptOf } from '../../src/adapters/db/claim';
import { checkIdsAreKeys, migrateKeyIds, MOVING } from '../../src/adapters/db/id-check';
import { findTask } from '../../src/services/task-records';
import { loadDraw } from '../../src/services/draw-store';
import { filedReport } from '../../src/services/reports';
import { useTestDb } from '../helpers/services';

describe('receipts and tasks keyed by _id, on FerretDB', () => {
  const db = useTestDb();

  it('finds a receipt by its key, and knows an unclaimed key', async () => {
    const { models } = db();
    expect(await claim(models, 'draw:X:submit', 'draw', new Date(), { ok: 1 })).toBe(true);
    expect(await claim(models, 'draw:X:submit', 'draw', new Date())).toBe(false);
    expect((await receiptOf(models, 'draw:X:submit'))!.result).toEqual({ ok: 1 });
    expect(await hasReceipt(models, 'draw:Y:submit')).toBe(false);
    await expect(checkIdsAreKeys(models)).resolves.toBeUndefined();
  });

  it('tells which of many keys were claimed, a few or thousands at once', async () => {
    const { models } = db();
    const keys = Array.from({ length: 2_500 }, (_, i) => `schedule:reminder-${i}`);
    const claimed = keys.filter((_, i) => i % 7 === 3);
    await models.Receipt.insertMany(
      claimed.map((k) => ({ _id: k, key: k, kind: 'schedule', at: new Date() })),
    );
    // Thousands: looked up by `_id` sixteen at a time, a repeated key once.
    const many = await heldReceipts(models, [...keys, keys[3]!]);
    expect([...many].sort()).toEqual([...claimed].sort());
    // A few: one lookup each.
    const few = await heldReceipts(models, [keys[3]!, keys[4]!, 'schedule:none']);
    expect([...few]).toEqual([keys[3]]);
    expect(await heldReceipts(models, [])).toEqual(new Set());
  });

  it('refuses a database an older version wrote (generated _ids), saying what to do', async () => {
    const { models } = db();
    await models.Task.collection.insertOne({ _id: new ObjectId(), taskNo: 'CC2026-01-R1-01-0001' } as never);
    expect(await findTask(models, 'CC2026-01-R1-01-0001')).toBeNull();
    await expect(checkIdsAreKeys(models)).rejects.toThrow(
      /older version \(tasks .*delete <DATA_DIR>\/ferretdb/,
    );
  });

  it('moves targets with generated _ids to their credit code, finishing a move that was interrupted', async () => {
    const { models } = db();
    const col = models.Receipt.db.collection('targets');
    const doc = (code: string, over: Record<string, unknown> = {}) => ({
      _id: new ObjectId(),
      creditCode: code,
      name: `对象${code}`,
      itemCodes: ['hotels'],
      lastInspections: [{ itemCode: 'hotels', date: '2026-03-01', drawNo: 'X' }],
      ...over,
    });
    const untouched = doc('91410381MA00000001');
    // Interrupted after setting the old one aside, and after inserting the copy too.
    const setAside = doc('91410381MA00000002', { creditCode: `91410381MA00000002${MOVING}` });
    const copied = doc('91410381MA00000003', { creditCode: `91410381MA00000003${MOVING}` });
    await col.insertMany([untouched, setAside, copied] as never[]);
    await col.insertOne({ ...copied, _id: '91410381MA00000003', creditCode: '91410381MA00000003' } as never);

    expect((await migrateKeyIds(models, new Date(), 'Target')).Target).toBe(3);
    const all = await col.find({}).sort({ _id: 1 }).toArray();
    expect(all.map((t) => [t._id, t.creditCode as string])).toEqual([
      ['91410381MA00000001', '91410381MA00000001'],
      ['91410381MA00000002', '91410381MA00000002'],
      ['91410381MA00000003', '91410381MA00000003'],
    ]);
    expect(all[0]).toMatchObject({
      name: '对象91410381MA00000001',
      lastInspections: untouched.lastInspections,
    });
    // Once per database: later starts do not search the targets again.
    await col.insertOne(doc('91410381MA00000004') as never);
    expect((await migrateKeyIds(models, new Date(), 'Target')).Target).toBe(0);
    expect(await col.countDocuments({ _id: { $type: 'objectId' } })).toBe(1);
  });

  it('moves draws and reports with generated _ids to their number, where the services look them up', async () => {
    const { models } = db();
    await models.Draw.collection.insertOne({
      _id: new ObjectId(),
      drawNo: 'CC2026-04-R1-01',
      status: 'dispatched',
    } as never);
    await models.Report.collection.insertMany([
      { _id: new ObjectId(), taskNo: 'CC2026-04-R1-01-0001', resultCategory: '未发现问题' },
      // Interrupted after its number was set aside.
      { _id: new ObjectId(), taskNo: `CC2026-04-R1-01-0002${MOVING}`, resultCategory: '未发现问题' },
    ] as never[]);
    expect(await loadDraw(models, 'CC2026-04-R1-01')).toBeNull();

    expect(await migrateKeyIds(models)).toEqual({ Target: 0, Draw: 1, Report: 2 });
    expect(await loadDraw(models, 'CC2026-04-R1-01')).toMatchObject({ status: 'dispatched' });
    expect(await filedReport(models, 'CC2026-04-R1-01-0002')).toMatchObject({ resultCategory: '未发现问题' });
    expect(await models.Report.collection.countDocuments({ _id: { $type: 'objectId' } })).toBe(0);
    // New documents take their number as `_id` without being told.
    const created = await models.Report.create({
      taskNo: 'CC2026-04-R1-01-0003',
      inspectedOn: '2026-11-26',
      method: '现场检查',
      resultCategory: '未发现问题',
      followUp: '无需后续处置',
      submittedBy: 'name:甲',
      createdBy: 'name:甲',
      updatedBy: 'name:甲',
    });
    expect(created._id).toBe('CC2026-04-R1-01-0003');
  });
});
