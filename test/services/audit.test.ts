import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { appendAudit, verifyAudit } from '../../src/services/audit';
import { useTestDb } from '../helpers/services';

const run = promisify(execFile);

describe('hash-chained audit log on the real database', () => {
  const db = useTestDb();
  const at = new Date('2026-11-25T02:00:00Z');

  beforeEach(async () => {
    await db().models.AuditEntry.deleteMany({});
  });

  const appendFive = async () => {
    for (let i = 1; i <= 5; i++) {
      await appendAudit(
        db().models,
        {
          actor: 'name:彭世杰',
          action: 'draw.propose',
          subject: `CC2026-04-${i}`,
          details: { count: i, item: '娱乐场所' },
        },
        at,
      );
    }
  };

  it('chains entries and verifies them', async () => {
    await appendFive();
    const entries = await db().models.AuditEntry.find({}).sort({ seq: 1 }).lean();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prevHash).toBe('0'.repeat(64));
    expect(entries[3]!.prevHash).toBe(entries[2]!.hash);
    expect(await verifyAudit(db().models)).toEqual({ count: 5, problems: [] });
  });

  it('names an edited entry, whether its fields or its details changed', async () => {
    await appendFive();
    await db().models.AuditEntry.updateOne({ seq: 2 }, { $set: { actor: 'name:别人' } });
    await db().models.AuditEntry.updateOne({ seq: 4 }, { $set: { 'details.count': 40 } });
    expect((await verifyAudit(db().models)).problems).toEqual([
      { seq: 2, problem: '第 2 条记录被修改（哈希不符）' },
      { seq: 4, problem: '第 4 条记录的内容被修改（摘要不符）' },
    ]);
  });

  it('names a deleted entry', async () => {
    await appendFive();
    await db().models.AuditEntry.deleteOne({ seq: 3 });
    expect((await verifyAudit(db().models)).problems).toEqual([
      { seq: 3, problem: '第 3–3 条记录缺失（被删除）' },
      { seq: 4, problem: '第 4 条记录与前一条衔接不上（被删除、插入或调换了顺序）' },
    ]);
  });

  it('names reordered entries', async () => {
    await appendFive();
    await db().models.AuditEntry.updateOne({ seq: 2 }, { $set: { seq: 99 } });
    await db().models.AuditEntry.updateOne({ seq: 3 }, { $set: { seq: 2 } });
    await db().models.AuditEntry.updateOne({ seq: 99 }, { $set: { seq: 3 } });
    const { problems } = await verifyAudit(db().models);
    expect(problems.map((p) => p.seq)).toEqual([2, 2, 3, 3, 4]);
    expect(problems.every((p) => /被修改|衔接不上/.test(p.problem))).toBe(true);
  });

  it('keeps one valid chain when three processes append at once', async () => {
    const script = join(__dirname, '..', 'fixtures', 'append-audit.ts');
    const dbName = db().conn.name;
    await Promise.all(
      ['甲', '乙', '丙'].map((actor) =>
        run(
          process.execPath,
          ['--import', 'tsx', script, process.env.TEST_MONGODB_URI!, dbName, '15', actor],
          { timeout: 60_000 },
        ),
      ),
    );
    const result = await verifyAudit(db().models);
    expect(result).toEqual({ count: 45, problems: [] });
    const actors = await db().models.AuditEntry.distinct('actor');
    expect(actors.sort()).toEqual(['丙', '乙', '甲'].sort());
  });

  it('logs a keyed change once, even when a crash lost the note of which entry it wrote', async () => {
    const { models } = db();
    const input = {
      actor: 'name:彭世杰',
      action: 'draw.submit',
      subject: 'CC2026-04-R1-01',
      key: 'draw:x:submit',
    };
    const first = await appendAudit(models, input, at);
    expect(await appendAudit(models, input, at)).toEqual(first);
    await models.Receipt.deleteOne({ _id: 'audit-key:draw:x:submit' });
    await appendFive();
    expect(await appendAudit(models, input, at)).toEqual(first);
    expect(await models.AuditEntry.countDocuments({ key: 'draw:x:submit' })).toBe(1);
    expect(await verifyAudit(models)).toEqual({ count: 6, problems: [] });
  });

  it('walks on from a stale note of the newest entry, and starts over when the note is ahead of the log', async () => {
    const { models } = db();
    await appendFive();
    await models.Receipt.updateOne({ _id: 'audit-head' }, { $set: { result: 2 } });
    await appendAudit(models, { actor: 'a', action: 'x', subject: 's' }, at);
    expect(await verifyAudit(models)).toEqual({ count: 6, problems: [] });
    await models.Receipt.updateOne({ _id: 'audit-head' }, { $set: { result: 60 } });
    await appendAudit(models, { actor: 'a', action: 'x', subject: 's' }, at);
    expect(await verifyAudit(models)).toEqual({ count: 7, problems: [] });
    expect((await models.AuditEntry.findOne({ _id: '000000000007' }).lean())!.seq).toBe(7);
  });
});
