import { ObjectId } from 'mongodb';
import { claim, hasReceipt, receiptOf } from '../../src/adapters/db/claim';
import { checkIdsAreKeys } from '../../src/adapters/db/id-check';
import { findTask } from '../../src/adapters/db/models/task';
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

  it('refuses a database an older version wrote (generated _ids), saying what to do', async () => {
    const { models } = db();
    await models.Task.collection.insertOne({ _id: new ObjectId(), taskNo: 'CC2026-01-R1-01-0001' } as never);
    expect(await findTask(models.Task, 'CC2026-01-R1-01-0001')).toBeNull();
    await expect(checkIdsAreKeys(models)).rejects.toThrow(
      /older version \(tasks .*delete <DATA_DIR>\/ferretdb/,
    );
  });
});
