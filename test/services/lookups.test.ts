import { createFeishuClient } from '../../src/adapters/feishu/client';
import { feishuDirectory } from '../../src/adapters/feishu/directory';
import { cachedLookups } from '../../src/services/lookups';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { seedPlan } from '../../src/services/seed-plan';
import { TEST_APP, openIdOf, useEmulator } from '../helpers/emulator';
import { useTestDb } from '../helpers/services';
import { storeTasks } from '../helpers/stored-tasks';
import { findTask } from '../../src/services/task-records';

describe('cached people and items, on FerretDB with the emulator as the contact directory', () => {
  const emu = useEmulator();
  const db = useTestDb();
  const directory = () =>
    feishuDirectory(
      createFeishuClient({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, domain: emu().url }),
    );
  beforeAll(() =>
    seedPlan(db().models, readPlanTemplate(), [2026], 'test:seed', new Date('2026-11-26T02:00:00Z')),
  );
  const keyOf = async (name: string) => (await db().models.Person.findOne({ name }).lean())!.key;

  it('links an open id once, then answers from memory until cleared', async () => {
    const lookups = cachedLookups(db().models, directory());
    const peng = await openIdOf(emu(), '彭世杰');
    // Ten concurrent first clicks all find the person, who is linked.
    const first = await Promise.all(Array.from({ length: 10 }, () => lookups.actor(peng)));
    const key = await keyOf('彭世杰');
    expect(new Set(first.map((a) => a?.key))).toEqual(new Set([key]));
    expect((await db().models.Person.findOne({ key }).lean())!.feishuOpenId).toBe(peng);

    const roles = first[0]!.roles;
    await db().models.Person.updateOne({ key }, { $set: { roles: ['office'] } });
    expect((await lookups.actor(peng))!.roles).toEqual(roles);
    lookups.clear();
    expect((await lookups.actor(peng))!.roles).toEqual(['office']);
  });

  it('answers a lookup in flight when cleared (an import finishing meanwhile), with the data after it', async () => {
    const lookups = cachedLookups(db().models, directory());
    const peng = await openIdOf(emu(), '彭世杰');
    const key = await keyOf('彭世杰');
    lookups.clear();
    // Started, not finished (it reads FerretDB and may ask the directory), then the cache is cleared under it.
    const inFlight = [lookups.actor(peng), lookups.items()];
    lookups.clear();
    const [actor, items] = await Promise.all(inFlight);
    expect((actor as { key: string } | null)?.key).toBe(key);
    expect((items as unknown[]).length).toBe(6);
  });

  it('expires after its time to live', async () => {
    // A clock of our own: the database's speed (a loaded host) must not decide what has expired.
    let ms = 1_000;
    const lookups = cachedLookups(db().models, directory(), { ttlMs: 200, now: () => ms });
    const peng = await openIdOf(emu(), '彭世杰');
    const before = (await lookups.actor(peng))!.roles;
    await db().models.Person.updateOne({ key: await keyOf('彭世杰') }, { $set: { roles: ['leader'] } });
    ms += 199;
    expect((await lookups.actor(peng))!.roles).toEqual(before);
    ms += 2;
    expect((await lookups.actor(peng))!.roles).toEqual(['leader']);
  });

  it('does not remember an unknown user, so adding them later takes effect at once', async () => {
    const lookups = cachedLookups(db().models, directory());
    const li = await openIdOf(emu(), '李明');
    expect(await lookups.actor(li)).toBeNull();
    const zhang = (await db().models.Person.findOne({ name: '彭世杰' }).lean())!;
    const { _id: _drop, ...rest } = zhang;
    await db().models.Person.collection.insertOne({
      ...rest,
      key: 'name:李明',
      name: '李明',
      feishuOpenId: null,
    });
    expect((await lookups.actor(li))!.key).toBe('name:李明');
  });

  it("keeps a dispatched draw's facts (they never change), reads an undispatched draw's every time", async () => {
    const { models } = db();
    const lookups = cachedLookups(models, directory());
    const [drawNo] = await storeTasks(models, [
      {
        taskNo: 'LOOKUP-T1',
        year: 2026,
        itemCode: 'hotels',
        itemName: '旅馆业',
        round: 1,
        unitName: '治安大队',
        deadline: '2026-12-31',
        dispatchedOn: '2026-11-26',
        targetCreditCode: '91410381MA00000001',
        targetName: '缓存旅馆',
        inspectorKeys: ['badge:1', 'badge:2'],
        status: 'open',
      },
    ]);
    const task = await findTask(models, 'LOOKUP-T1', undefined, lookups.drawFacts);
    expect(task).toMatchObject({ itemName: '旅馆业', deadline: '2026-12-31', status: 'open' });
    // The draw's facts come from memory now; the task's own state is still read.
    await models.Draw.updateOne({ _id: drawNo }, { $set: { itemName: '改过的' } });
    await models.Task.updateOne({ _id: 'LOOKUP-T1' }, { $set: { status: 'filed' } });
    expect(await findTask(models, 'LOOKUP-T1', undefined, lookups.drawFacts)).toMatchObject({
      itemName: '旅馆业',
      status: 'filed',
    });
    expect((await findTask(models, 'LOOKUP-T1'))!.itemName).toBe('改过的');
    lookups.clear();
    expect((await lookups.drawFacts([drawNo!])).get(drawNo!)!.itemName).toBe('改过的');

    // A draw still dispatching (no dispatch day yet) is read again each time.
    await models.Draw.updateOne({ _id: drawNo }, { $set: { dispatchedOn: null } });
    lookups.clear();
    expect((await lookups.drawFacts([drawNo!])).get(drawNo!)!.dispatchedOn).toBeNull();
    await models.Draw.updateOne({ _id: drawNo }, { $set: { dispatchedOn: '2026-11-27' } });
    expect((await lookups.drawFacts([drawNo!])).get(drawNo!)!.dispatchedOn).toBe('2026-11-27');
  });

  it('lists the items in plan order', async () => {
    const lookups = cachedLookups(db().models, directory());
    const items = await lookups.items();
    expect(items.map((i) => i.seq)).toEqual([...items.map((i) => i.seq)].sort((a, b) => a - b));
    expect(items.map((i) => i.name)).toContain('娱乐场所');
  });
});
