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
import { verifyRecord } from '../../src/domain/draw/record';
import { auditTrail, verifyAudit } from '../../src/services/audit';
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

  it('proposes a draw: the count follows the ratio, the seed stays secret behind its commitment', async () => {
    const { models } = db();
    const draw = await proposed({ idempotencyKey: 'evt-1', itemCode: 'hotels' });
    const open = await models.Target.countDocuments({ itemCodes: 'hotels', status: 'open' });
    expect(draw).toMatchObject({
      drawNo: 'CC2026-03-R1-01',
      status: 'proposed',
      itemName: '旅馆业',
      poolSize: await models.Target.countDocuments({ itemCodes: 'hotels' }),
      count: countFor(open, 1000),
      deadline: '2026-12-30',
      proposedBy: PROPOSER,
    });
    expect(draw).not.toHaveProperty('seed');
    expect(await models.Draw.findOne({ drawNo: draw.drawNo }).lean()).not.toHaveProperty('seed');
    const record = await drawRecord(models, draw.drawNo);
    expect(record.seed).toBeNull();
    expect(record.seedCommitment).toBe(draw.seedCommitment);
    expect(verifyRecord(record)).toEqual({
      consistent: false,
      difference: '随机种子尚未公开（抽取派发后公开），暂时无法验证',
    });
    expect((await auditTrail(models, draw.drawNo)).map((e) => [e.action, e.actor])).toEqual([
      ['draw.proposed', PROPOSER],
    ]);
  });

  it('answers a re-delivered request with the same draw, and a new request with the next attempt', async () => {
    const { models } = db();
    const again = await proposed({ idempotencyKey: 'evt-1', itemCode: 'hotels' });
    expect(again.drawNo).toBe('CC2026-03-R1-01');
    const twice = await Promise.all([
      proposed({ idempotencyKey: 'evt-2', itemCode: 'hotels' }),
      proposed({ idempotencyKey: 'evt-2', itemCode: 'hotels' }),
    ]);
    expect(twice[0].drawNo).toBe(twice[1].drawNo);
    expect(twice[0].drawNo).toBe('CC2026-03-R1-02');
    expect(await models.Draw.countDocuments({ itemCode: 'hotels' })).toBe(2);
    expect(await models.AuditEntry.countDocuments({ subject: 'CC2026-03-R1-02' })).toBe(1);
  });

  it('submits, approves and dispatches: one task per selection, the seed revealed, the record verifies', async () => {
    const { models } = db();
    const draw = await proposed({ itemCode: 'entertainment' });
    expect((await submitDraw(models, draw.drawNo, PROPOSER, now)).status).toBe('submitted');
    expect((await approveDraw(models, draw.drawNo, LEADER, now)).status).toBe('approved');
    expect((await drawRecord(models, draw.drawNo)).seed).toBeNull();
    const out = await dispatchDraw(models, draw.drawNo, 'system:dispatch', now);
    expect(out.tasks).toBe(draw.count);
    expect(out.draw.status).toBe('dispatched');

    const selections = await drawSelections(models, draw.drawNo);
    const tasks = await models.Task.find({ drawNo: draw.drawNo }).sort({ taskNo: 1 }).lean();
    expect(tasks.map((t) => [t.taskNo, t.targetCreditCode, t.inspectorKeys])).toEqual(
      selections.map((s, i) => [taskNumber(draw.drawNo, i), s.creditCode, s.inspectorKeys]),
    );
    expect(tasks[0]).toMatchObject({
      itemName: '娱乐场所',
      unitName: '治安大队',
      deadline: '2026-12-30',
      status: 'open',
      year: 2026,
      round: 1,
    });
    expect(tasks[0]!.targetAddress).toMatch(/^河南省洛阳市偃师区/);

    const record = await drawRecord(models, draw.drawNo);
    expect(record.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyRecord(record)).toEqual({ consistent: true });
    expect(record.inputs.pool).toHaveLength(draw.poolSize);

    const trail = await auditTrail(models, draw.drawNo);
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['draw.proposed', PROPOSER],
      ['draw.submitted', PROPOSER],
      ['draw.approved', LEADER],
      ['draw.dispatched', 'system:dispatch'],
    ]);
    expect(trail[3]!.details).toMatchObject({ tasks: draw.count, seed: record.seed });
    expect(await verifyAudit(models)).toMatchObject({ problems: [] });

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
      new RegExp(`^一致：抽取 ${draw.drawNo} 的结果可由公开的输入与随机种子完全重现`),
    );
    expect(JSON.parse(readFileSync(file, 'utf8')).seed).toBe(record.seed);
  }, 30_000);

  it('dispatches exactly once however often it runs, in parallel or after a crash half-way', async () => {
    const { models } = db();
    const draw = await proposed({ itemCode: 'scrap-metal' });
    await submitDraw(models, draw.drawNo, PROPOSER, now);
    await approveDraw(models, draw.drawNo, LEADER, now);
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

  it('rejects with a reason the proposer reads; the rejected seed is published; nothing else may follow', async () => {
    const { models } = db();
    const draw = await proposed({ itemCode: 'seal-engraving' });
    await expect(approveDraw(models, draw.drawNo, LEADER, now)).rejects.toThrow(
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
    await expect(approveDraw(models, draw.drawNo, LEADER, now)).rejects.toThrow(
      `抽取 ${draw.drawNo} 已驳回（赵晓辉 于 2026-11-26），不能批准`,
    );
    await expect(dispatchDraw(models, draw.drawNo, LEADER, now)).rejects.toThrow('不能派发');
    expect(verifyRecord(await drawRecord(models, draw.drawNo))).toEqual({ consistent: true });
    expect(await models.Task.countDocuments({ drawNo: draw.drawNo })).toBe(0);
  });

  it('lets one of two leaders approving at once win; the other is told who did', async () => {
    const { models } = db();
    const draw = await proposed({ itemCode: 'civil-explosives', round: 1 });
    await submitDraw(models, draw.drawNo, PROPOSER, now);
    const results = await Promise.allSettled([
      approveDraw(models, draw.drawNo, LEADER, now),
      approveDraw(models, draw.drawNo, 'name:李良', now),
      rejectDraw(models, draw.drawNo, 'name:史永生', '重新抽', now),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of refused)
      // Told who decided: during the race ("已由 X 批准") or after it ("已批准（X 于 …）").
      expect(String(r.reason)).toMatch(
        new RegExp(`抽取 ${draw.drawNo} (已由 \\S+ (批准|驳回)|已(批准|驳回)（\\S+ 于 2026-11-26）)，不能`),
      );
    expect((await auditTrail(models, draw.drawNo)).map((e) => e.action)).toHaveLength(3);
  });

  it('approves one draw per round: other attempts are refused, superseded on dispatch, and a new draw is refused', async () => {
    const { models } = db();
    const first = await proposed({ itemCode: 'civil-explosives', round: 2 });
    const second = await proposed({ itemCode: 'civil-explosives', round: 2 });
    const third = await proposed({ itemCode: 'civil-explosives', round: 2 });
    expect([first, second, third].map((d) => d.drawNo)).toEqual([
      'CC2026-02-R2-01',
      'CC2026-02-R2-02',
      'CC2026-02-R2-03',
    ]);
    await submitDraw(models, second.drawNo, PROPOSER, now);
    await submitDraw(models, third.drawNo, PROPOSER, now);
    await approveDraw(models, second.drawNo, LEADER, now);
    await expect(approveDraw(models, third.drawNo, LEADER, now)).rejects.toThrow(
      `本轮已批准抽取 ${second.drawNo}，不能再批准 ${third.drawNo}`,
    );
    await expect(submitDraw(models, first.drawNo, PROPOSER, now)).rejects.toThrow('本轮已批准抽取');
    await expect(propose({ itemCode: 'civil-explosives', round: 2 })).rejects.toThrow(
      `“民用爆炸物品安全管理”2026 年第 2 轮已批准抽取 ${second.drawNo}，不能再抽`,
    );
    const out = await dispatchDraw(models, second.drawNo, 'system:dispatch', now);
    expect(out.superseded.sort()).toEqual([first.drawNo, third.drawNo]);
    expect(await drawStatus(models, first.drawNo)).toBe('cancelled');
    expect((await drawDecision(models, third.drawNo))?.reason).toBe(`本轮已派发抽取 ${second.drawNo}`);
  });

  it('frees a round whose approval lost to a rejection, so another attempt can be approved', async () => {
    const { models } = db();
    const a = await proposed({ itemCode: 'precursor-chemicals' });
    await submitDraw(models, a.drawNo, PROPOSER, now);
    // An approval that took the round, then lost the decision to a concurrent rejection.
    expect(await claim(models, 'round:2026:precursor-chemicals:1', 'round', now, { drawNo: a.drawNo })).toBe(
      true,
    );
    await rejectDraw(models, a.drawNo, 'name:焦柳扬', '名录未更新', now);
    const b = await proposed({ itemCode: 'precursor-chemicals' });
    await submitDraw(models, b.drawNo, PROPOSER, now);
    expect((await approveDraw(models, b.drawNo, 'name:焦柳扬', now)).status).toBe('approved');
  });

  it('cancels a proposal; refuses unknown draws, items and rounds in plain Chinese', async () => {
    const { models } = db();
    const d = await proposed({ itemCode: 'hotels' });
    expect((await cancelDraw(models, d.drawNo, PROPOSER, now)).status).toBe('cancelled');
    await expect(submitDraw(models, d.drawNo, PROPOSER, now)).rejects.toThrow('已取消');
    await expect(approveDraw(models, 'CC2026-09-R1-01', LEADER, now)).rejects.toThrow(
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

  it('explains an infeasible draw, stores nothing and logs the attempt', async () => {
    const { models } = db();
    await models.Person.updateMany({ unitName: '治安大队', roles: 'inspector' }, { $set: { active: false } });
    const drawsBefore = await models.Draw.countDocuments({});
    const out = await propose({ itemCode: 'seal-engraving', idempotencyKey: 'evt-x' });
    expect(out).toEqual({
      ok: false,
      reason: '治安大队可参加本事项检查的在岗执法人员只有 0 人，每个任务至少需要 2 人',
    });
    expect(await models.Draw.countDocuments({})).toBe(drawsBefore);
    await propose({ itemCode: 'seal-engraving', idempotencyKey: 'evt-x' });
    const trail = await auditTrail(models, '2026-seal-engraving-R1');
    expect(trail.map((e) => e.action)).toEqual(['draw.infeasible']);
    await models.Person.updateMany({ unitName: '治安大队', roles: 'inspector' }, { $set: { active: true } });
  });

  it('draws every item of the reference plan from the demo pools, for a new year too', async () => {
    const { models } = db();
    await seedPlan(models, readPlanTemplate(), [2027], 'test:seed', now);
    const items = await models.Item.find({}).sort({ seq: 1 }).lean();
    for (const item of items) {
      const draw = await proposed({ year: 2027, itemCode: item.code, round: item.frequencyPerYear });
      const open = await models.Target.countDocuments({ itemCodes: item.code, status: 'open' });
      const bp = item.ratio!.kind === 'fixed' ? Math.round(item.ratio!.percent! * 100) : NaN;
      expect([draw.drawNo, draw.count]).toEqual([
        `CC2027-0${item.seq}-R${item.frequencyPerYear}-01`,
        countFor(open, bp),
      ]);
    }
  });
});
