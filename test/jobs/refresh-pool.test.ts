import { join } from 'node:path';
import { generateTargets } from '../../src/demo/demo-pools';
import { writeTargetsXlsx } from '../../src/demo/write-pool-files';
import { currentPool, stalePools } from '../../src/services/pool-snapshots';
import { chatAs } from '../helpers/chat';
import { useDemoBot } from '../helpers/demo-bot';
import { waitFor } from '../helpers/wait';

/**
 * An import through the chat leaves the changed items' pool snapshots stale; the `refresh-pool` jobs it
 * queues rebuild them, so the next draw reads a ready snapshot that has the change.
 */
describe('pool snapshots after an import in chat', () => {
  const { emu, db, dir, errors } = useDemoBot();
  const { upload } = chatAs(emu);
  afterEach(() => expect(errors).toEqual([]));

  it('rebuilds every changed item’s snapshot in the background, with the change in it', async () => {
    const { models } = db();
    const targets = generateTargets({ seed: 'yanshi-demo', counts: {} });
    const renamed = targets.find((t) => t.itemCodes.includes('seal-engraving'))!;
    renamed.name = `${renamed.name}新址`;
    const items = await models.Item.find({}, { code: 1, targetType: 1 }).lean();
    const file = join(dir(), '检查对象名录库-更新.xlsx');
    await writeTargetsXlsx(file, targets, (c) => items.find((i) => i.code === c)?.targetType ?? c);

    await upload('陶向东', file, '检查对象名录库-更新.xlsx', '已导入');
    await waitFor(async () => (await stalePools(models)).length === 0, 'every snapshot rebuilt');
    const heads = await models.Pool.find({}).lean();
    expect(heads.map((h) => h._id).sort()).toEqual(expect.arrayContaining(['seal-engraving']));
    const snapshot = await currentPool(models, 'seal-engraving');
    const head = heads.find((h) => h._id === 'seal-engraving')!;
    // Read from the stored chunks (current), and the renamed target is in it under its new name.
    expect(snapshot.chunks).toEqual(head.chunks);
    expect(snapshot.pool.find((e) => e.creditCode === renamed.creditCode)!.name).toBe(renamed.name);
  });
});
