import { storedPublicDraw, type PublicDraw } from '../../src/domain/publication-draw';
import { poolTargets } from '../helpers/targets';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config/paths';
import { claim } from '../../src/adapters/db/claim';
import { loadDemoData } from '../../src/demo/load-demo';
import { countFor } from '../../src/domain/draw/count';
import { parseDrawNumber, taskNumber } from '../../src/domain/draw/policy';
import { verifyDrawRecord } from '../../src/domain/draw/verify';
import type { RecordV2 } from '../../src/domain/draw/v2/schema';
import { auditTrail, verifyAudit } from '../../src/services/audit-read';
import {
  approveDraw,
  cancelDraw,
  dispatchDraw,
  drawDecision,
  drawRecord,
  drawSelections,
  drawStatus,
  findDraw,
  proposeDraw,
  rejectDraw,
  submitDraw,
  type ProposeInput,
} from '../../src/services/draws';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { seedPlan } from '../../src/services/seed-plan';
import { useTestDb } from '../helpers/services';
import { findTask } from '../../src/services/task-records';
import { shanghaiDate } from '../../src/domain/calendar';

const run = promisify(execFile);

/** Deterministic randomness: each call returns the next block of a hash chain. */
function fakeRandom(label: string) {
  let n = 0;
  return (size: number) => {
    const out = Buffer.alloc(size);
    for (let i = 0; i < size; i += 32) createHash('sha256').update(`${label}/${n++}`).digest().copy(out, i);
    return out;
  };
}

const PROPOSER = 'name:彭世杰';
const LEADER = 'name:赵晓辉';
const now = new Date('2026-11-26T02:00:00Z');

describe('draws stored and moved through approval, against the real database', () => {
  const db = useTestDb();
  const dir = mkdtempSync(join(tmpdir(), 'ssj-draws-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    await loadDemoData(db().models, dir, 2026, now);
  }, 60_000);

  const propose = (over: Partial<ProposeInput> = {}) =>
    proposeDraw(db().models, {
      year: 2026,
      itemCode: 'entertainment',
      round: 1,
      actor: PROPOSER,
      now,
      randomBytes: fakeRandom(over.idempotencyKey ?? String(Math.random())),
      ...over,
    });
  const proposed = async (over: Partial<ProposeInput> = {}) => {
    const out = await propose(over);
    if (!out.ok) throw new Error(out.reason);
    return out.draw;
  };
  /** Proposed and submitted, ready for the leader. */
  const submitted = async (over: Partial<ProposeInput> = {}) => {
    const draw = await proposed(over);
    await submitDraw(db().models, draw.drawNo, PROPOSER, now);
    return draw;
  };
  const record = async (drawNo: string) =>
    JSON.parse(JSON.stringify(await drawRecord(db().models, drawNo))) as RecordV2;
  const verdict = async (drawNo: string) => verifyDrawRecord(await record(drawNo));
  /** The attempt's publication as the public page reads it (its targets unpacked). */
  const published = async (drawNo: string) => {
    const p = await db()
      .models.Publication.findOne({ _id: `draw-${drawNo}` })
      .lean();
    return p ? storedPublicDraw(p.content as PublicDraw) : undefined;
  };

  it('proposes an attempt: the plan’s count, the commitments published at once, no selection and no secret', async () => {
    const { models } = db();
    const draw = await proposed({ idempotencyKey: 'evt-1', itemCode: 'hotels' });
    const open = (await poolTargets(models, 'hotels', 'open')).length;
    expect(draw).toMatchObject({
      drawNo: 'CC2026-03-R1-01',
      status: 'proposed',
      algorithm: 'DRAW-2',
      itemName: '旅馆业',
      poolSize: (await poolTargets(models, 'hotels')).length,
      count: countFor(open, 1000),
      deadline: '2026-12-30',
      proposedBy: PROPOSER,
      failure: null,
    });
    expect(draw.commitment).toMatch(/^[0-9a-f]{64}$/);
    // Nothing that could tell anyone which targets will be drawn exists yet.
    expect(await drawSelections(models, draw.drawNo)).toEqual([]);
    expect(await models.DrawPart.countDocuments({ drawNo: draw.drawNo, kind: 'selections' })).toBe(0);
    const doc = await models.Draw.findOne({ drawNo: draw.drawNo }).lean();
    expect(doc).not.toHaveProperty('secret');
    expect(doc).not.toHaveProperty('recusalKey');
    const r = await record(draw.drawNo);
    expect([r.secret, r.approval, r.seed, r.result]).toEqual([null, null, null, null]);
    expect(r.commitment).toBe(draw.commitment);
    expect(verifyDrawRecord(r)).toMatchObject({ consistent: true, stage: 'proposed' });
    expect(await published(draw.drawNo)).toMatchObject({
      status: 'proposed',
      commitment: draw.commitment,
      seedCommitment: draw.seedCommitment,
      secret: null,
      seed: null,
      targets: [],
    });
    expect((await auditTrail(models, draw.drawNo)).map((e) => [e.action, e.actor])).toEqual([
      ['draw.proposed', PROPOSER],
    ]);
  });

  it('keeps one open attempt per round: a re-delivery gets it back, a new request is shown it, numbers have no gaps', async () => {
    const { models } = db();
    const again = await proposed({ idempotencyKey: 'evt-1', itemCode: 'hotels' });
    expect(again.drawNo).toBe('CC2026-03-R1-01');
    const others = await Promise.all(
      ['evt-2', 'evt-3', 'evt-3'].map((k) => propose({ idempotencyKey: k, itemCode: 'hotels' })),
    );
    for (const o of others) {
      expect(o).toMatchObject({ ok: false, live: true });
      expect(o.draw.drawNo).toBe('CC2026-03-R1-01');
      if (!o.ok) expect(o.reason).toContain('已有进行中的抽取 CC2026-03-R1-01（待提交审批）');
    }
    await expect(cancelDraw(models, 'CC2026-03-R1-01', PROPOSER, now, '  ')).rejects.toThrow(
      '请填写取消理由',
    );
    await cancelDraw(models, 'CC2026-03-R1-01', PROPOSER, now, '名录尚未更新');
    // Two new requests at once: one new attempt, the other is shown it.
    const race = await Promise.all(
      ['evt-4', 'evt-5'].map((k) => propose({ idempotencyKey: k, itemCode: 'hotels' })),
    );
    expect(race.map((o) => o.draw.drawNo)).toEqual(['CC2026-03-R1-02', 'CC2026-03-R1-02']);
    expect(race.filter((o) => o.ok)).toHaveLength(1);
    expect(await models.Draw.countDocuments({ itemCode: 'hotels' })).toBe(2);
    expect(await published('CC2026-03-R1-01')).toMatchObject({
      status: 'cancelled',
      decision: { status: 'cancelled', by: '彭世杰', reason: '名录尚未更新' },
    });
    expect((await published('CC2026-03-R1-01'))!.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await verdict('CC2026-03-R1-01')).toMatchObject({ consistent: true, stage: 'ended' });
    await cancelDraw(models, 'CC2026-03-R1-02', PROPOSER, now, '测试结束');
  });

  it('selects only at approval, from the committed secret and the leader’s phrase; dispatches; the record verifies', async () => {
    const { models } = db();
    const draw = await submitted({ itemCode: 'entertainment' });
    expect((await approveDraw(models, draw.drawNo, LEADER, now, ' 春风 十里 ')).status).toBe('approved');
    const out = await dispatchDraw(models, draw.drawNo, 'system:dispatch', now);
    expect(out.tasks).toBe(draw.count);
    expect(out.draw.status).toBe('dispatched');

    const selections = await drawSelections(models, draw.drawNo);
    const tasks = await models.Task.find({ drawNo: draw.drawNo }).sort({ taskNo: 1 }).lean();
    expect(tasks.map((t) => [t.taskNo, t.targetCreditCode, t.inspectorKeys])).toEqual(
      selections.map((s, i) => [taskNumber(draw.drawNo, i), s.creditCode, s.inspectorKeys]),
    );
    // Each task stores its own fields; what the draw says of all of them is the draw's, joined on reading.
    expect(Object.keys(tasks[0]!).sort()).toEqual(
      ['_id', 'drawNo', 'inspectorKeys', 'returnCount', 'status', 'targetAddress', 'targetCreditCode']
        .concat(['targetName', 'taskNo'])
        .sort(),
    );
    expect(await findTask(models, tasks[0]!.taskNo)).toMatchObject({
      itemName: '娱乐场所',
      itemCode: 'entertainment',
      year: 2026,
      round: 1,
      unitName: '治安大队',
      deadline: '2026-12-30',
      dispatchedOn: shanghaiDate(now),
      status: 'open',
    });
    expect(tasks[0]!.targetAddress).toMatch(/^河南省洛阳市偃师区/);

    const r = await record(draw.drawNo);
    expect(r.approval).toEqual({ phrase: '春风 十里' });
    expect(r.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyDrawRecord(r)).toMatchObject({ consistent: true, stage: 'drawn' });
    expect(r.inputs.pool).toHaveLength(draw.poolSize);
    expect(JSON.stringify(r)).not.toMatch(/conflict/);

    const trail = await auditTrail(models, draw.drawNo);
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['draw.proposed', PROPOSER],
      ['draw.submitted', PROPOSER],
      ['draw.approved', LEADER],
      ['draw.dispatched', 'system:dispatch'],
    ]);
    expect(trail[2]!.details).toMatchObject({ secret: r.secret, phrase: '春风 十里', seed: r.seed });
    expect(await verifyAudit(models)).toMatchObject({ problems: [] });
    expect(await published(draw.drawNo)).toMatchObject({
      status: 'dispatched',
      seed: r.seed,
      phrase: '春风 十里',
    });
    expect(((await published(draw.drawNo))!.targets as unknown[]).length).toBe(draw.count);

    // Published and verified by an outsider's tools: the record exported by the CLI, checked with no database.
    const uri = new URL(process.env.TEST_MONGODB_URI!);
    uri.pathname = `/${db().conn.name}`;
    const file = join(dir, 'record.json');
    const tsx = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
      run(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, script), ...args], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...env },
      });
    await tsx('src/bin/draw-record.ts', [draw.drawNo.toLowerCase(), file], { MONGODB_URI: uri.toString() });
    const verified = await tsx('src/bin/verify-draw.ts', [file]);
    expect(verified.stdout).toMatch(
      new RegExp(`^一致：抽取 ${draw.drawNo} 的结果可由公开的输入、系统密钥与审批随机码完全重现`),
    );
    expect(JSON.parse(readFileSync(file, 'utf8')).seed).toBe(r.seed);
  }, 30_000);

  it('asks the leader for a fresh phrase: required, 4–40 characters, never one used before; a retry with it is fine', async () => {
    const { models } = db();
    const draw = await submitted({ itemCode: 'scrap-metal' });
    await expect(approveDraw(models, draw.drawNo, LEADER, now, '  ')).rejects.toThrow('请填写审批随机码');
    await expect(approveDraw(models, draw.drawNo, LEADER, now, '三个字')).rejects.toThrow(
      '审批随机码至少 4 个字',
    );
    await expect(approveDraw(models, draw.drawNo, LEADER, now, '字'.repeat(41))).rejects.toThrow(
      '最多 40 个字',
    );
    await expect(approveDraw(models, draw.drawNo, LEADER, now, '春风 十里')).rejects.toThrow(
      '这个审批随机码以前用过',
    );
    expect(await drawStatus(models, draw.drawNo)).toBe('submitted');
    await approveDraw(models, draw.drawNo, LEADER, now, '夏雨 七点');
    expect((await approveDraw(models, draw.drawNo, LEADER, now, '夏雨 七点')).status).toBe('approved');
    expect((await record(draw.drawNo)).approval).toEqual({ phrase: '夏雨 七点' });
  });

  it('dispatches exactly once however often it runs, in parallel or after a crash half-way', async () => {
    const { models } = db();
    const approved = await models.Draw.findOne({ itemCode: 'scrap-metal', status: 'approved' }).lean();
    const draw = { drawNo: approved!.drawNo, count: approved!.count };
    const runs = await Promise.all(
      [1, 2, 3].map(() => dispatchDraw(models, draw.drawNo, 'system:dispatch', now)),
    );
    expect(runs.map((r) => r.tasks)).toEqual([draw.count, draw.count, draw.count]);
    expect(await models.Task.countDocuments({ drawNo: draw.drawNo })).toBe(draw.count);

    // As if the process died after writing some tasks and before marking the draw dispatched.
    await models.Receipt.deleteOne({ key: `draw:${draw.drawNo}:dispatched` });
    const kept = await models.Task.find({ drawNo: draw.drawNo }).sort({ taskNo: 1 }).limit(3).lean();
    await models.Task.deleteMany({ drawNo: draw.drawNo, taskNo: { $nin: kept.map((t) => t.taskNo) } });
    expect(await drawStatus(models, draw.drawNo)).toBe('approved');
    await dispatchDraw(models, draw.drawNo, 'system:dispatch', now);
    const tasks = await models.Task.find({ drawNo: draw.drawNo }).lean();
    expect(tasks).toHaveLength(draw.count);
    expect(new Set(tasks.map((t) => t.taskNo)).size).toBe(draw.count);
    expect(await drawStatus(models, draw.drawNo)).toBe('dispatched');
    const actions = (await auditTrail(models, draw.drawNo)).map((e) => e.action);
    expect(actions.filter((a) => a === 'draw.dispatched')).toHaveLength(1);
  });

  it('computes the selection once when approvals and dispatches race', async () => {
    const { models } = db();
    const draw = await submitted({ itemCode: 'civil-explosives', round: 2 });
    await Promise.all([
      approveDraw(models, draw.drawNo, LEADER, now, '秋月 三更'),
      approveDraw(models, draw.drawNo, LEADER, now, '秋月 三更'),
    ]);
    await Promise.all([1, 2].map(() => dispatchDraw(models, draw.drawNo, 'system:dispatch', now)));
    expect(
      new Set(
        (await models.DrawPart.find({ drawNo: draw.drawNo, kind: 'selections' }).lean()).map((p) => p.writer),
      ).size,
    ).toBe(1);
    expect(await verdict(draw.drawNo)).toMatchObject({ consistent: true, stage: 'drawn' });
  });

  it('rejects with a reason the proposer reads; the attempt, its reason and its secret are published; nothing else may follow', async () => {
    const { models } = db();
    const draw = await proposed({ itemCode: 'seal-engraving' });
    await expect(approveDraw(models, draw.drawNo, LEADER, now, '冬雪 一场')).rejects.toThrow(
      `抽取 ${draw.drawNo} 待提交审批，不能批准`,
    );
    await submitDraw(models, draw.drawNo, PROPOSER, now);
    await expect(rejectDraw(models, draw.drawNo, LEADER, '   ', now)).rejects.toThrow('请填写驳回理由');
    await expect(rejectDraw(models, draw.drawNo, LEADER, '字'.repeat(501), now)).rejects.toThrow(
      '驳回理由最多 500 字，当前 501 字',
    );
    expect((await rejectDraw(models, draw.drawNo, LEADER, ' 比例与清单不符 ', now)).status).toBe('rejected');
    expect(await drawDecision(models, draw.drawNo)).toEqual({
      to: 'rejected',
      actor: LEADER,
      at: now.toISOString(),
      reason: '比例与清单不符',
    });
    // A double click is answered the same; anything else is refused with who decided.
    expect((await rejectDraw(models, draw.drawNo, LEADER, '比例与清单不符', now)).status).toBe('rejected');
    await expect(approveDraw(models, draw.drawNo, LEADER, now, '冬雪 一场')).rejects.toThrow(
      `抽取 ${draw.drawNo} 已驳回（赵晓辉 于 2026-11-26），不能批准`,
    );
    await expect(dispatchDraw(models, draw.drawNo, LEADER, now)).rejects.toThrow('不能派发');
    expect(await verdict(draw.drawNo)).toMatchObject({ consistent: true, stage: 'ended' });
    expect(await published(draw.drawNo)).toMatchObject({
      status: 'rejected',
      decision: { status: 'rejected', by: '赵晓辉', reason: '比例与清单不符' },
      targets: [],
    });
    expect(await models.Task.countDocuments({ drawNo: draw.drawNo })).toBe(0);
  });

  it('lets one of two leaders deciding at once win; the other is told who did', async () => {
    const { models } = db();
    const draw = await submitted({ itemCode: 'civil-explosives', round: 1 });
    const results = await Promise.allSettled([
      approveDraw(models, draw.drawNo, LEADER, now, '甲乙丙丁'),
      approveDraw(models, draw.drawNo, 'name:李良', now, '戊己庚辛'),
      rejectDraw(models, draw.drawNo, 'name:史永生', '重新抽', now),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of refused)
      expect(String(r.reason)).toMatch(
        new RegExp(`抽取 ${draw.drawNo} (已由 \\S+ (批准|驳回)|已(批准|驳回)（\\S+ 于 2026-11-26）)，不能`),
      );
    expect((await auditTrail(models, draw.drawNo)).map((e) => e.action)).toHaveLength(3);
  });

  it('refuses a new attempt once the round is approved, and frees a round whose approval lost to a rejection', async () => {
    const { models } = db();
    await expect(propose({ itemCode: 'scrap-metal' })).rejects.toThrow(
      /^“废旧金属收购业”2026 年第 1 轮已批准抽取 CC2026-\d\d-R1-01，不能再抽$/,
    );
    const a = await submitted({ itemCode: 'precursor-chemicals' });
    // An approval that took the round, then lost the decision to a concurrent rejection.
    expect(await claim(models, 'round:2026:precursor-chemicals:1', 'round', now, { drawNo: a.drawNo })).toBe(
      true,
    );
    await rejectDraw(models, a.drawNo, 'name:焦柳扬', '名录未更新', now);
    const b = await submitted({ itemCode: 'precursor-chemicals' });
    expect(b.drawNo).toBe(a.drawNo.replace(/-01$/, '-02'));
    expect((await approveDraw(models, b.drawNo, 'name:焦柳扬', now, '易制毒 二轮')).status).toBe('approved');
  });

  it('refuses unknown draws, items and rounds in plain Chinese', async () => {
    const { models } = db();
    await expect(approveDraw(models, 'CC2026-09-R1-01', LEADER, now, '随便 几个字')).rejects.toThrow(
      '没有编号为 CC2026-09-R1-01 的抽取',
    );
    await expect(propose({ itemCode: 'hotels', round: 2 })).rejects.toThrow(
      '“旅馆业”2026 年只有第 1 轮（1年1次），没有第 2 轮',
    );
    await expect(propose({ itemCode: 'karaoke' })).rejects.toThrow('没有编号为 karaoke 的抽查事项');
    await expect(propose({ year: 2031 })).rejects.toThrow('2031 年度计划中没有“娱乐场所”');
    expect(await findDraw(models, 'CC2026-09-R1-01')).toBeNull();
    expect(parseDrawNumber(' cc2026-04-r1-01 ')).toBe('CC2026-04-R1-01');
    expect(parseDrawNumber('2026-04')).toBeNull();
  });

  it('records and publishes an attempt that cannot be drawn, with its reason and secret; the next attempt follows', async () => {
    const { models } = db();
    await models.Person.updateMany({ unitName: '治安大队', roles: 'inspector' }, { $set: { active: false } });
    const out = await propose({ itemCode: 'hotels', idempotencyKey: 'evt-x' });
    const reason = '治安大队可参加本事项检查的在岗执法人员只有 0 人，每个任务至少需要 2 人';
    expect(out).toMatchObject({ ok: false, live: false, reason });
    expect(out.draw).toMatchObject({ drawNo: 'CC2026-03-R1-03', status: 'failed', failure: reason });
    expect(await propose({ itemCode: 'hotels', idempotencyKey: 'evt-x' })).toMatchObject({
      ok: false,
      reason,
    });
    expect(await verdict('CC2026-03-R1-03')).toMatchObject({ consistent: true, stage: 'ended' });
    expect((await record('CC2026-03-R1-03')).plan).toEqual({
      ok: false,
      reason: { code: 'TOO_FEW_OFFICERS', unit: '治安大队', available: 0, needed: 2 },
    });
    expect(await published('CC2026-03-R1-03')).toMatchObject({ status: 'failed', decision: { reason } });
    expect((await auditTrail(models, 'CC2026-03-R1-03')).map((e) => e.action)).toEqual([
      'draw.proposed',
      'draw.failed',
    ]);
    await models.Person.updateMany({ unitName: '治安大队', roles: 'inspector' }, { $set: { active: true } });
    expect((await proposed({ itemCode: 'hotels' })).drawNo).toBe('CC2026-03-R1-04');
    await cancelDraw(models, 'CC2026-03-R1-04', PROPOSER, now, '测试结束');
  });

  it('keeps declared conflicts private, checks before proposing that every target can be staffed, and honours them', async () => {
    const { models } = db();
    const pool = await poolTargets(models, 'hotels', 'open');
    const team = await models.Person.find(
      { unitName: '治安大队', roles: 'inspector', active: true },
      { key: 1 },
    ).lean();
    // Everyone but one declares a conflict with the first target: it could never be staffed.
    const first = pool.map((t) => t.creditCode).sort()[0]!;
    await models.Person.updateMany(
      { key: { $in: team.slice(1).map((p) => p.key) } },
      { $set: { conflicts: [first] } },
    );
    const out = await propose({ itemCode: 'hotels' });
    expect(out).toMatchObject({ ok: false, live: false });
    if (!out.ok) expect(out.reason).toContain('有 1 户检查对象需回避的执法人员过多');
    // One officer with a conflict against every target: never sent, and nothing of it is published.
    await models.Person.updateMany({ key: { $in: team.map((p) => p.key) } }, { $set: { conflicts: [] } });
    await models.Person.updateOne(
      { key: team[0]!.key },
      { $set: { conflicts: pool.map((t) => t.creditCode) } },
    );
    const draw = await submitted({ itemCode: 'hotels' });
    await approveDraw(models, draw.drawNo, LEADER, now, '回避 测试');
    const r = await record(draw.drawNo);
    for (const s of r.result!.selections) {
      expect(s.inspectorKeys).not.toContain(team[0]!.key);
      expect(s.recusal.officerKeys).toEqual([team[0]!.key]);
    }
    expect(JSON.stringify(r.inputs)).not.toContain(pool[0]!.creditCode + '"]');
    expect(verifyDrawRecord(r)).toMatchObject({ consistent: true, stage: 'drawn' });
    await models.Person.updateOne({ key: team[0]!.key }, { $set: { conflicts: [] } });
  });

  it('draws every item of the reference plan from the demo pools, for a new year too', async () => {
    const { models } = db();
    await seedPlan(models, readPlanTemplate(), [2027], 'test:seed', now);
    const items = await models.Item.find({}).sort({ seq: 1 }).lean();
    for (const item of items) {
      const draw = await submitted({ year: 2027, itemCode: item.code, round: item.frequencyPerYear });
      const open = (await poolTargets(models, item.code, 'open')).length;
      const bp = item.ratio!.kind === 'fixed' ? Math.round(item.ratio!.percent! * 100) : NaN;
      expect([draw.drawNo, draw.count]).toEqual([
        `CC2027-0${item.seq}-R${item.frequencyPerYear}-01`,
        countFor(open, bp),
      ]);
      await approveDraw(models, draw.drawNo, LEADER, now, `二〇二七 ${item.code}`);
      expect(await drawSelections(models, draw.drawNo)).toHaveLength(draw.count);
      expect(await verdict(draw.drawNo)).toMatchObject({ consistent: true, stage: 'drawn' });
    }
  });
});
