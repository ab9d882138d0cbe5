import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  checkInputs,
  MAX_POOL,
  TARGET_RULES_VERSION,
  targetSchema,
  type InputsV2,
} from '../../../src/domain/draw/v2/schema';

describe('the rules a pool snapshot is checked by once', () => {
  it('are pinned to their version: change targetSchema, bump TARGET_RULES_VERSION (stored snapshots are then checked again)', () => {
    const rules = createHash('sha256')
      .update(JSON.stringify(z.toJSONSchema(targetSchema)))
      .digest('hex');
    expect({ version: TARGET_RULES_VERSION, rules }).toEqual({
      version: 1,
      rules: 'c0caccebdffe1295f9adfc7b1a4983d62d0f617d6c3a7d32d57c408ee95ce868',
    });
  });
});

describe('the server’s check of its inputs when the pool snapshot was checked already', () => {
  const target = (creditCode: string) => ({
    creditCode,
    name: `对象${creditCode}`,
    creditLevel: 'B' as const,
    status: 'open' as const,
    lastInspected: null,
    lastInspectors: [],
  });
  const inputs = (pool: InputsV2['pool']): InputsV2 => ({
    algorithm: 'DRAW-2',
    drawNo: 'CC2026-01-R1-01',
    itemCode: 'hotels',
    round: 1,
    drawDate: '2026-11-26',
    unit: '治安大队',
    ratio: { kind: 'fixed', bp: 1000 },
    stratify: false,
    excludeWithinDays: 0,
    inspectorsPerTask: 2,
    allowOtherUnits: false,
    pool,
    officers: [{ key: 'badge:1', name: '甲', unitName: '治安大队', active: true, areas: [] }],
    recusalDigests: pool.map(() => '0'.repeat(64)),
  });

  it('takes the entries as checked but still checks the other members and the order between entries', () => {
    const bad = { ...target('A2'), creditLevel: 'X' } as unknown as InputsV2['pool'][number];
    expect(checkInputs(inputs([target('A1'), bad]))).toMatchObject({ path: 'pool[1].creditLevel' });
    expect(checkInputs(inputs([target('A1'), bad]), { poolChecked: true })).toBeNull();
    expect(checkInputs(inputs([target('A2'), target('A1')]), { poolChecked: true })).toEqual({
      path: 'pool[1].creditCode',
      message: '检查对象应按统一社会信用代码严格递增排列（不得重复）',
    });
    expect(
      checkInputs({ ...inputs([target('A1')]), drawDate: '2026-02-30' }, { poolChecked: true }),
    ).toMatchObject({ path: 'drawDate', message: '不是存在的日期' });
    expect(checkInputs({ ...inputs([target('A1')]), pool: {} as never }, { poolChecked: true })).toEqual({
      path: 'pool',
      message: `检查对象最多 ${MAX_POOL} 个`,
    });
    const many = Array.from({ length: MAX_POOL + 1 }, (_, i) => target(`A${String(i).padStart(7, '0')}`));
    expect(checkInputs(inputs(many), { poolChecked: true })).toMatchObject({ path: 'pool' });
  });
});
