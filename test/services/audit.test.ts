import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config/paths';
import { entryHash } from '../../src/domain/audit-chain';
import { appendAudit } from '../../src/services/audit';
import { auditHead, verifyAudit } from '../../src/services/audit-read';
import { storeEvidence } from '../../src/services/evidence-attach';
import { useTestDb } from '../helpers/services';

const run = promisify(execFile);

describe('hash-chained audit log on the real database', () => {
  const db = useTestDb();
  const at = new Date('2026-11-25T02:00:00Z');

  beforeEach(async () => {
    await db().models.AuditEntry.deleteMany({});
    // The head note goes with the log (else the first append finds the note's entries gone).
    await db().models.Receipt.deleteOne({ _id: 'audit-head' });
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

  it('keeps one valid chain when three processes append at once, consistent with its head throughout', async () => {
    const script = join(__dirname, '..', 'fixtures', 'append-audit.ts');
    const dbName = db().conn.name;
    let appending = true;
    const appends = Promise.all(
      ['甲', '乙', '丙'].map((actor) =>
        run(
          process.execPath,
          ['--import', 'tsx', script, process.env.TEST_MONGODB_URI!, dbName, '15', actor],
          { timeout: 60_000 },
        ),
      ),
    ).finally(() => (appending = false));
    // Verified while they append: the note lags or runs behind the newest entries, never ahead of them.
    const seen: { count: number; problems: unknown[] }[] = [];
    while (appending) seen.push(await verifyAudit(db().models));
    await appends;
    expect(seen.flatMap((r) => r.problems)).toEqual([]);
    expect(seen.some((r) => r.count > 0 && r.count < 45)).toBe(true);
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

  it('writes no receipt for a key its caller guards with a receipt of its own, and still logs a repeat once', async () => {
    const { models } = db();
    const input = {
      actor: 'system:schedule',
      action: 'schedule.x',
      subject: 's1',
      key: 'schedule:s1',
      guarded: true,
    };
    const first = await appendAudit(models, input, at);
    expect(await models.Receipt.countDocuments({ _id: 'audit-key:schedule:s1' })).toBe(0);
    await appendFive();
    // A crash between the entry and the caller's receipt: the same change again finds its entry.
    expect(await appendAudit(models, input, at)).toEqual(first);
    expect(await models.AuditEntry.countDocuments({ key: 'schedule:s1' })).toBe(1);
    expect(await models.Receipt.countDocuments({ _id: 'audit-key:schedule:s1' })).toBe(0);
    expect(await verifyAudit(models)).toEqual({ count: 6, problems: [] });
  });

  it('walks on from a stale note of the newest entry (as racing writers leave it), also one noted as a bare number', async () => {
    const { models } = db();
    await appendFive();
    const third = await models.AuditEntry.findOne({ seq: 3 }).lean();
    await models.Receipt.updateOne(
      { _id: 'audit-head' },
      { $set: { result: { seq: 3, hash: third!.hash } } },
    );
    expect(await verifyAudit(models)).toEqual({ count: 5, problems: [] });
    await appendAudit(models, { actor: 'a', action: 'x', subject: 's' }, at);
    expect(await verifyAudit(models)).toEqual({ count: 6, problems: [] });
    await models.Receipt.updateOne({ _id: 'audit-head' }, { $set: { result: 2 } });
    expect(await verifyAudit(models)).toEqual({ count: 6, problems: [] });
    await appendAudit(models, { actor: 'a', action: 'x', subject: 's' }, at);
    expect(await verifyAudit(models)).toEqual({ count: 7, problems: [] });
    expect((await models.Receipt.findOne({ _id: 'audit-head' }).lean())!.result).toEqual({
      seq: 7,
      hash: (await models.AuditEntry.findOne({ _id: '000000000007' }).lean())!.hash,
    });
  });
});

describe('the end of the audit log, against its recorded and its published heads', () => {
  const db = useTestDb();
  const at = new Date('2026-11-25T02:00:00Z');

  beforeEach(async () => {
    await db().models.AuditEntry.deleteMany({});
    await db().models.Receipt.deleteOne({ _id: 'audit-head' });
  });

  const append = async (n: number) => {
    for (let i = 1; i <= n; i++)
      await appendAudit(
        db().models,
        { actor: 'name:彭世杰', action: 'draw.propose', subject: `CC2026-04-${i}`, details: { i } },
        at,
      );
  };
  const hashOf = async (seq: number) => (await db().models.AuditEntry.findOne({ seq }).lean())!.hash;
  const deleteFrom = (seq: number) => db().models.AuditEntry.deleteMany({ seq: { $gte: seq } });

  /** `npm run verify-audit` on this file's database: its exit code and what it printed. */
  const verifyCli = async (...args: string[]) => {
    const uri = new URL(process.env.TEST_MONGODB_URI!);
    uri.pathname = `/${db().conn.name}`;
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', join(PROJECT_ROOT, 'src/bin/verify-audit.ts'), ...args],
        { cwd: PROJECT_ROOT, env: { ...process.env, MONGODB_URI: uri.toString() }, timeout: 60_000 },
      );
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };

  it('verify-audit reports the newest entry deleted, which the chain alone cannot show', async () => {
    await append(12);
    expect(await verifyCli()).toEqual({
      code: 0,
      out: '审计日志一致：共 12 条记录，哈希链完整，末尾与审计头记录相符。\n',
    });
    const hash = await hashOf(12);
    await deleteFrom(12);
    const { code, out } = await verifyCli();
    expect(code).toBe(3);
    expect(out).toBe(
      '审计日志不一致：共 11 条记录，发现 1 处问题：\n' +
        `  日志末尾缺少第 12 条至第 12 条记录（记录的最新条目为第 12 条，哈希 ${hash}）\n`,
    );
  }, 60_000);

  it('verify-audit re-hashes the stored 现场材料 against the log, and names a file changed in storage', async () => {
    const { models, conn } = db();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
    const taskNo = 'CC2026-03-R1-01-0001';
    const stored = await storeEvidence(models, {
      taskNo,
      id: 'ev-om_1',
      fileName: '检查记录表.pdf',
      data: pdf,
      by: 'name:朱丽娟',
      at,
    });
    if ('refused' in stored) throw new Error(stored.refused);
    expect(await verifyCli()).toEqual({
      code: 0,
      out:
        '审计日志一致：共 1 条记录，哈希链完整，末尾与审计头记录相符。\n' +
        '现场材料一致：共 1 件（1 KB），内容与审计日志记录的 SHA-256 相符。\n',
    });
    const chunks = conn.db!.collection(`evidence.${taskNo}.chunks`);
    try {
      // The same length, other bytes: the hash tells.
      const forged = Buffer.from(pdf.toString('latin1').replace('<<>>', '<<1>'), 'latin1');
      await chunks.updateOne({ files_id: 'ev-om_1' as never }, { $set: { data: forged } });
      let { code, out } = await verifyCli();
      expect(code).toBe(3);
      expect(out).toContain('现场材料不一致：发现 1 处问题：\n');
      expect(out).toContain(`任务 ${taskNo} 的现场材料“检查记录表.pdf”（ev-om_1）已被改动：内容哈希 `);
      expect(out).toContain(`审计日志第 1 条记录的是 ${stored.entry.sha256.slice(0, 16)}…`);
      // Another length: the stored file no longer reads whole, and that is named too (no crash).
      await chunks.updateOne({ files_id: 'ev-om_1' as never }, { $set: { data: Buffer.from('%PDF-1.4') } });
      ({ code, out } = await verifyCli());
      expect(code).toBe(3);
      expect(out).toContain(
        `任务 ${taskNo} 的现场材料“检查记录表.pdf”（ev-om_1）：存储已损坏或被改动，无法完整读出`,
      );
    } finally {
      await conn.db!.collection(`evidence.${taskNo}.files`).drop();
      await chunks.drop();
    }
  }, 60_000);

  it('reports the newest ten deleted, with their range', async () => {
    await append(12);
    const hash = await hashOf(12);
    await deleteFrom(3);
    expect(await verifyAudit(db().models)).toEqual({
      count: 2,
      problems: [
        {
          seq: 12,
          problem: `日志末尾缺少第 3 条至第 12 条记录（记录的最新条目为第 12 条，哈希 ${hash}）`,
        },
      ],
    });
  });

  it('reports a newest entry rewritten with a fresh hash, the chain being whole again', async () => {
    await append(5);
    const { models } = db();
    const old = await models.AuditEntry.findOne({ seq: 5 }).lean();
    const forged = { ...old!, at: old!.at.toISOString(), actor: 'name:别人' };
    await models.AuditEntry.updateOne({ seq: 5 }, { $set: { actor: forged.actor, hash: entryHash(forged) } });
    const { problems } = await verifyAudit(models);
    expect(problems).toEqual([
      {
        seq: 5,
        problem: `第 5 条记录与审计头不符（审计头记录的哈希为 ${old!.hash}，日志中为 ${entryHash(forged)}）：日志末尾被删除后重写或被改写`,
      },
    ]);
  });

  it('keeps the loss on record when the bot appends on after the tail was cut off', async () => {
    const { models } = db();
    await append(12);
    const hash = await hashOf(12);
    await deleteFrom(10);
    await append(2);
    const { count, problems } = await verifyAudit(models);
    // Entry 10 anew, then the note of the loss, then entry 12 anew.
    expect(count).toBe(12);
    expect(problems).toEqual([
      {
        seq: 11,
        problem: `第 11 条记录：写入第 10 条时发现日志末尾缺少第 10 条至第 12 条记录（当时记录的最新条目为第 12 条，哈希 ${hash}），此后的记录接在第 9 条之后`,
      },
    ]);
    expect((await models.AuditEntry.findOne({ seq: 11 }).lean())!.action).toBe('audit.tail-lost');
  });

  it('reports a deleted head note, and keeps that on record once the bot appends on', async () => {
    const { models } = db();
    await append(3);
    await models.Receipt.deleteOne({ _id: 'audit-head' });
    expect((await verifyAudit(models)).problems).toEqual([
      {
        seq: 4,
        problem:
          '审计头记录（audit-head）缺失（被删除）：无法在库内确认日志末尾是否完整，请用公示的审计头核对（--head 条数:哈希）',
      },
    ]);
    await append(1);
    expect((await verifyAudit(models)).problems).toEqual([
      {
        seq: 5,
        problem: '第 5 条记录：写入第 4 条时发现审计头记录缺失（被删除），此前的日志末尾无法在库内核对',
      },
    ]);
  });

  it('verify-audit reports tail and head note deleted together, and the log inconsistent with a published head', async () => {
    const { models } = db();
    await append(4);
    const early = await auditHead(models);
    await append(8);
    const published = await auditHead(models);
    expect(published).toEqual({ seq: 12, hash: await hashOf(12), at: at.toISOString() });
    expect(early).toMatchObject({ seq: 4, hash: await hashOf(4) });
    // Both heads still in the log (one by a 16-digit prefix, as someone might copy it).
    expect(
      await verifyCli('--head', `4:${early!.hash.slice(0, 16)}`, `--head=12:${published!.hash}`),
    ).toEqual({
      code: 0,
      out: '审计日志一致：共 12 条记录，哈希链完整，末尾与审计头记录相符，与公示的审计头（第 4 条、第 12 条）一致。\n',
    });

    await deleteFrom(9);
    await models.Receipt.deleteOne({ _id: 'audit-head' });
    const alone = await verifyCli();
    expect(alone.code).toBe(3);
    expect(alone.out).toContain('审计头记录（audit-head）缺失（被删除）');
    const withHeads = await verifyCli('--head', `4:${early!.hash}`, '--head', `12:${published!.hash}`);
    expect(withHeads).toEqual({
      code: 3,
      out:
        '审计日志不一致：共 8 条记录，发现 2 处问题：\n' +
        '  审计头记录（audit-head）缺失（被删除）：无法在库内确认日志末尾是否完整，请用公示的审计头核对（--head 条数:哈希）\n' +
        `  日志与公示的审计头不一致：公示的第 12 条记录（哈希 ${published!.hash}）不在日志中（日志只到第 8 条）\n`,
    });
    expect(await verifyCli('--head', '12')).toEqual({
      code: 1,
      out: expect.stringContaining('错误：无法识别参数“12”。用法：npm run verify-audit'),
    });
  }, 90_000);

  it('publishes the newest entry, walked on from a lagging note', async () => {
    const { models } = db();
    expect(await auditHead(models)).toBeNull();
    await append(3);
    await models.Receipt.updateOne(
      { _id: 'audit-head' },
      { $set: { result: { seq: 1, hash: await hashOf(1) } } },
    );
    expect(await auditHead(models)).toEqual({ seq: 3, hash: await hashOf(3), at: at.toISOString() });
  });
});

describe('appends made at once in one process', () => {
  const db = useTestDb({ monitorCommands: true });

  it('are written in groups: one valid chain, a key once, the head noted once per group', async () => {
    const { models, conn } = db();
    let notes = 0;
    conn.getClient().on('commandStarted', (e) => {
      if (e.commandName === 'findAndModify' && e.command.findAndModify === 'receipts') notes++;
    });
    const at = new Date('2026-11-25T02:00:00Z');
    // The first call starts writing at once, alone; the other 39 wait for it and go as one group.
    const records = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendAudit(
          models,
          { actor: 'a', action: 'test.group', subject: `s${i}`, ...(i % 10 === 5 ? { key: 'k:same' } : {}) },
          at,
        ),
      ),
    );
    const keyed = records.filter((_, i) => i % 10 === 5);
    expect(new Set(keyed.map((r) => r.seq)).size).toBe(1);
    expect(keyed[0]!.subject).toBe('s5');
    expect(new Set(records.map((r) => r.seq)).size).toBe(37);
    expect(await verifyAudit(models)).toEqual({ count: 37, problems: [] });
    // Each subject in the order asked, keyed repeats aside.
    const subjects = records.filter((_, i) => i % 10 !== 5 || i === 5).map((r) => r.subject);
    expect(subjects).toEqual(subjects.slice().sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    expect(notes).toBe(2);
    // A keyed change asked again later gets the entry written then.
    expect(
      await appendAudit(models, { actor: 'a', action: 'test.group', subject: 'other', key: 'k:same' }, at),
    ).toEqual(keyed[0]);
  });
});
