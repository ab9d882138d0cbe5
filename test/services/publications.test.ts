import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoData } from '../../src/demo/load-demo';
import { DEFAULT_PUBLICATION } from '../../src/domain/publication';
import type { RecordV2 } from '../../src/domain/draw/v2/schema';
import { approveDraw, dispatchDraw, drawRecord, proposeDraw, submitDraw } from '../../src/services/draws';
import { migratePendingResults, pendingResults, publishResults } from '../../src/services/publications';
import { fileReport, reviewReport } from '../../src/services/reports';
import { useTestDb } from '../helpers/services';
import { claim } from '../../src/adapters/db/claim';

const NOW = new Date('2026-12-01T02:00:00Z');
const report = {
  inspectedOn: '2026-12-01',
  method: '现场检查',
  result: '发现问题已责令改正',
  findings: '登记簿缺漏，内部备注',
  followUp: '责令改正',
  rectification: '已补登记',
} as const;

describe('一公开 records on FerretDB', () => {
  const db = useTestDb();
  let tasks: { taskNo: string; inspectorKeys: string[] }[];
  let drawNo: string;

  beforeAll(async () => {
    const { models } = db();
    await loadDemoData(models, mkdtempSync(join(tmpdir(), 'pub-')), 2026, NOW);
    const out = await proposeDraw(models, {
      year: 2026,
      itemCode: 'hotels',
      round: 1,
      actor: 'name:彭世杰',
      now: NOW,
      randomBytes,
      idempotencyKey: 'pub',
    });
    if (!out.ok) throw new Error(out.reason);
    drawNo = out.draw.drawNo;
    await submitDraw(models, drawNo, 'name:彭世杰', NOW);
    await approveDraw(models, drawNo, 'name:赵晓辉', NOW, '公示 测试 一');
    await dispatchDraw(models, drawNo, 'name:赵晓辉', NOW);
    // A retried dispatch publishes nothing twice.
    await dispatchDraw(models, drawNo, 'name:赵晓辉', NOW);
    tasks = await models.Task.find({ drawNo }, { taskNo: 1, inspectorKeys: 1 }).sort({ taskNo: 1 }).lean();
  }, 60_000);

  it('publishes the plan on loading and the attempt from its proposal on, with the revealed seed parts of its record', async () => {
    const { models } = db();
    const plan = (await models.Publication.findOne({ _id: 'plan-2026' }).lean())!;
    expect(plan.status).toBe('published');
    expect((plan.content as { items: unknown[] }).items).toHaveLength(6);
    expect(JSON.stringify(plan.content)).not.toMatch(/彭世杰|赵晓辉/);
    const draws = await models.Publication.find({ kind: 'draw' }).lean();
    expect(draws).toHaveLength(1);
    const record = (await drawRecord(models, drawNo)) as RecordV2;
    expect(draws[0]!.content).toMatchObject({
      drawNo,
      status: 'dispatched',
      seed: record.seed,
      secret: record.secret,
      phrase: '公示 测试 一',
      seedCommitment: record.secretCommitment,
      commitment: record.commitment,
      hashes: record.hashes,
      count: tasks.length,
    });
  });

  it('never publishes a result that is not reviewed; an accepted one is due in 20 working days, published once', async () => {
    const { models } = db();
    const [a, b] = tasks;
    await fileReport(models, a!.taskNo, a!.inspectorKeys[0]!, report, NOW);
    await fileReport(models, b!.taskNo, b!.inspectorKeys[0]!, report, NOW);
    expect(await models.Publication.countDocuments({ kind: 'result' })).toBe(0);
    await reviewReport(models, b!.taskNo, 'name:彭世杰', 'return', '照片不清', NOW);
    expect(await models.Publication.countDocuments({ kind: 'result' })).toBe(0);

    await reviewReport(models, a!.taskNo, 'name:彭世杰', 'accept', '', NOW, {
      ...DEFAULT_PUBLICATION,
      inspectors: 'name',
    });
    const pending = await pendingResults(models, '治安大队');
    // 1 Dec 2026 + 20 working days (no holiday in between): 29 Dec.
    expect(pending).toEqual([
      expect.objectContaining({ taskNo: a!.taskNo, readyOn: '2026-12-01', dueBy: '2026-12-29' }),
    ]);
    const doc = (await models.Publication.findOne({ _id: `result-${a!.taskNo}` }).lean())!;
    expect(JSON.stringify(doc.content)).not.toContain('内部备注');
    expect(JSON.stringify(doc.content)).not.toContain('执法证号');

    const later = new Date('2026-12-03T02:00:00Z');
    expect(await publishResults(models, [a!.taskNo, b!.taskNo], 'name:彭世杰', later)).toEqual([a!.taskNo]);
    expect(await publishResults(models, [a!.taskNo], 'name:陶向东', later)).toEqual([]);
    expect(await models.Publication.findOne({ _id: `result-${a!.taskNo}` }).lean()).toMatchObject({
      status: 'published',
      publishedOn: '2026-12-03',
      publishedBy: 'name:彭世杰',
    });
    expect(await models.AuditEntry.countDocuments({ action: 'publication.published' })).toBe(1);
    expect(await pendingResults(models)).toEqual([]);
  });

  it('has one publisher when two publish a result at once, and finishes a publication claimed but cut short', async () => {
    const { models } = db();
    const [, , c, d] = tasks;
    for (const t of [c!, d!]) {
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, report, NOW);
      await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', NOW);
    }
    const later = new Date('2026-12-03T02:00:00Z');
    const audited = () =>
      models.AuditEntry.find({ action: 'publication.published', subject: c!.taskNo }).lean();
    // The unit's 责任人 and the office, from their reminders, at the same moment.
    const [peng, tao] = await Promise.all([
      publishResults(models, [c!.taskNo], 'name:彭世杰', later),
      publishResults(models, [c!.taskNo], 'name:陶向东', later),
    ]);
    expect([...peng, ...tao]).toEqual([c!.taskNo]);
    const publisher = peng.length ? 'name:彭世杰' : 'name:陶向东';
    expect(await models.Publication.findOne({ _id: `result-${c!.taskNo}` }).lean()).toMatchObject({
      status: 'published',
      publishedBy: publisher,
    });
    expect((await audited()).map((e) => e.actor)).toEqual([publisher]);

    // A publish that claimed and stopped before writing: the next one, anyone's, finishes it as claimed.
    await claim(models, `publish:result-${d!.taskNo}`, 'publication', later, {
      actor: 'name:彭世杰',
      at: later.toISOString(),
    });
    expect(
      await publishResults(models, [d!.taskNo], 'name:陶向东', new Date('2026-12-04T02:00:00Z')),
    ).toEqual([]);
    expect(await models.Publication.findOne({ _id: `result-${d!.taskNo}` }).lean()).toMatchObject({
      status: 'published',
      publishedOn: '2026-12-03',
      publishedBy: 'name:彭世杰',
    });
    expect((await pendingResults(models)).map((r) => r.taskNo)).not.toContain(d!.taskNo);
  });

  it('lists the waiting results on their own, and builds that list once for a database from before it', async () => {
    const { models } = db();
    const b = tasks[1]!;
    await fileReport(models, b.taskNo, b.inspectorKeys[0]!, report, NOW);
    await reviewReport(models, b.taskNo, 'name:彭世杰', 'accept', '', NOW);
    const listed = await pendingResults(models);
    expect(listed.map((r) => r.taskNo)).toEqual([b.taskNo]);
    expect(await pendingResults(models, '禁毒大队')).toEqual([]);
    await models.PendingResult.deleteMany({});
    await models.Receipt.deleteOne({ _id: 'migration:pending-results' });
    expect(await migratePendingResults(models, NOW)).toBe(1);
    expect(await pendingResults(models)).toEqual(listed);
    expect(await migratePendingResults(models, NOW)).toBe(0);
  });
});
