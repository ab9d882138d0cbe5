import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoData } from '../../src/demo/load-demo';
import type { RecordV2 } from '../../src/domain/draw/v2/schema';
import { verifyDrawRecord } from '../../src/domain/draw/verify';
import { auditTrail } from '../../src/services/audit-read';
import { approveDraw, drawRecord, proposeDraw, submitDraw } from '../../src/services/draws';
import { useTestDb } from '../helpers/services';

const PROPOSER = 'name:彭世杰';
const LEADER = 'name:赵晓辉';
const now = new Date('2026-11-26T02:00:00Z');

describe('only qualified officers are matched (执法资格), against the real database', () => {
  const db = useTestDb();
  const dir = mkdtempSync(join(tmpdir(), 'ssj-qualified-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    await loadDemoData(db().models, dir, 2026, now);
  }, 60_000);

  it('leaves out the officer whose 执法证 lapses before the deadline and the one suspended within the window; publishes who and why, never the absence itself', async () => {
    const { models } = db();
    const team = await models.Person.find({ unitName: '治安大队', roles: 'inspector', active: true })
      .sort({ key: 1 })
      .lean();
    // The demo roster has one officer of the unit on leave over these days.
    expect(team.filter((p) => p.absence).map((p) => p.absence)).toEqual([
      { kind: 'leave', from: '2026-11-23', to: '2026-12-07' },
    ]);
    // Two officers who could inspect the item: one's 执法证 lapses, the other is suspended from 12-20.
    const [lapsing, suspended] = team.filter(
      (p) => !p.roles.includes('unit_head') && (p.areas.length === 0 || p.areas.includes('entertainment')),
    );
    await models.Person.updateOne({ key: lapsing!.key }, { $set: { certExpires: '2026-12-01' } });
    await models.Person.updateOne(
      { key: suspended!.key },
      { $set: { absence: { kind: 'suspended', from: '2026-12-20', to: null } } },
    );
    const away = [suspended!];

    const out = await proposeDraw(models, {
      year: 2026,
      itemCode: 'entertainment',
      round: 1,
      actor: PROPOSER,
      now,
      idempotencyKey: 'qualified-1',
    });
    if (!out.ok) throw new Error(out.reason);
    const { drawNo } = out.draw;
    expect(out.draw.notes).toContain(
      `2 名执法人员未参加本次匹配：${[
        [lapsing!.key, `${lapsing!.name}（执法证在检查截止日前到期）`],
        [away[0]!.key, `${away[0]!.name}（检查期间不在岗）`],
      ]
        .sort(([a], [b]) => (a! < b! ? -1 : 1))
        .map(([, t]) => t)
        .join('、')}`,
    );
    // The record's officer list says they may not be matched; the reason is chained in the audit log.
    const proposal = (await drawRecord(models, drawNo)) as RecordV2;
    const flags = new Map(proposal.inputs.officers.map((o) => [o.key, o.active]));
    expect([flags.get(lapsing!.key), flags.get(away[0]!.key)]).toEqual([false, false]);
    const [proposed] = await auditTrail(models, drawNo);
    expect(proposed).toMatchObject({ action: 'draw.proposed' });
    expect(JSON.stringify(proposed!.details)).toContain('CERT_EXPIRED');
    expect(JSON.stringify(proposed!.details)).not.toMatch(/suspended|2026-12-20/);

    await submitDraw(models, drawNo, PROPOSER, now);
    await approveDraw(models, drawNo, LEADER, now, '资格 测试');
    const r = JSON.parse(JSON.stringify(await drawRecord(models, drawNo))) as RecordV2;
    const matched = new Set(r.result!.selections.flatMap((s) => s.inspectorKeys));
    expect(matched.size).toBeGreaterThan(0);
    expect(matched.has(lapsing!.key) || matched.has(away[0]!.key)).toBe(false);
    expect(verifyDrawRecord(r)).toMatchObject({ consistent: true, stage: 'drawn' });
    const page = await models.Publication.findOne({ _id: `draw-${drawNo}` }).lean();
    expect(JSON.stringify(page)).toContain('检查期间不在岗');
    expect(JSON.stringify(page)).not.toMatch(/停职|suspended|2026-12-20/);
  });
});
