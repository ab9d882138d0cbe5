import { exclusively } from '../../src/adapters/db/claim';
import { openTasks } from '../../src/services/open-tasks';
import { decideReassignment } from '../../src/services/reassign';
import { proposeReplacing } from '../helpers/stored-tasks';
import { fileReport } from '../../src/services/reports';
import { findTask, findTasks } from '../../src/services/task-records';
import { storedPublicDraw, type PublicDraw } from '../../src/domain/publication-draw';
import { demoDraw, REPORT_FORM as report } from '../helpers/publications';
import { DEMO_NOW } from '../helpers/demo-bot';
import { useTestDb } from '../helpers/services';
import { loadDemoData } from '../../src/demo/load-demo';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('a task written by a move and a 改派 at once, on FerretDB', () => {
  const db = useTestDb();
  beforeAll(() => loadDemoData(db().models, mkdtempSync(join(tmpdir(), 'task-writes-')), 2026, DEMO_NOW));

  it('keeps both: the report filed and the inspector replaced, on the task and in the ledger', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).limit(4).lean();
    const head = (await models.Person.findOne({ roles: 'unit_head', unitName: '治安大队' }).lean())!.key;
    for (const [i, t] of tasks.entries()) {
      const [gone, stays] = t.inspectorKeys as [string, string];
      const stored = (await findTask(models, t.taskNo))!;
      const proposal = await proposeReplacing(models, stored, gone, `race-${i}`);
      // The unit head decides the moment the other inspector files.
      const [decided] = await Promise.all([
        decideReassignment(models, proposal._id, head, `改派随机码 第${i}次`, DEMO_NOW),
        fileReport(models, t.taskNo, stays, report, DEMO_NOW),
      ]);
      const after = (await findTask(models, t.taskNo))!;
      expect(after.status).toBe('reported');
      expect(after.inspectorKeys).toEqual([decided.picked, stays]);
      const entry = (await openTasks(models)).find((e) => e.taskNo === t.taskNo)!;
      expect(entry).toMatchObject({ status: 'reported', inspectorKeys: [decided.picked, stays] });
    }
  });

  it('publishes every 改派 of a draw proposed at once (each rewrites the draw’s publication)', async () => {
    // In one process the audit log's grouped appends stagger these (the race did not show here before the
    // publication's lock); replicas need not be staggered. What must hold either way: every one is shown.
    const { models } = db();
    const drawNo = await demoDraw(models, 'entertainment', DEMO_NOW);
    const tasks = await findTasks(
      models,
      (await models.Task.find({ drawNo }, { _id: 1 }).sort({ taskNo: 1 }).limit(4).lean()).map((t) => t._id),
    );
    await Promise.all(tasks.map((t, i) => proposeReplacing(models, t, t.inspectorKeys[0]!, `at-once-${i}`)));
    const pub = (await models.Publication.findOne({ _id: `draw-${drawNo}` }).lean())!;
    const shown = (storedPublicDraw(pub.content as PublicDraw).reassignments ?? []).map((r) => r.taskNo);
    expect(shown.sort()).toEqual(tasks.map((t) => t.taskNo).sort());
  });

  it('runs one holder of a lock at a time, takes over a dead holder’s, and says busy after waiting', async () => {
    const { models } = db();
    let inside = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++inside);
      await new Promise((r) => setTimeout(r, 5));
      inside--;
    };
    const busy = () => new Error('busy');
    await Promise.all(Array.from({ length: 8 }, () => exclusively(models, 'test:one', work, busy)));
    expect(most).toBe(1);
    expect(await models.Receipt.findOne({ _id: 'lock:test:one' }).lean()).toBeNull();

    // A holder whose process died an hour ago: taken over.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await models.Receipt.create({ _id: 'lock:test:dead', key: 'lock:test:dead', kind: 'lock', at: hourAgo });
    await expect(exclusively(models, 'test:dead', async () => 'done', busy)).resolves.toBe('done');
    // A live holder past the wait: busy, and its lock left alone.
    await models.Receipt.create({
      _id: 'lock:test:live',
      key: 'lock:test:live',
      kind: 'lock',
      at: new Date(),
    });
    await expect(
      exclusively(models, 'test:live', async () => 'never', busy, { waitMs: 50, staleMs: 60_000 }),
    ).rejects.toThrow('busy');
    expect(await models.Receipt.findOne({ _id: 'lock:test:live' }).lean()).not.toBeNull();
  });
});
