import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DrawInputs } from '../../../src/domain/draw/engine';
import canonicalize from 'canonicalize';
import { sha256Hex } from '../../../src/domain/draw/canonical';
import { hashInputs, makeRecord, verifyRecord, type DrawRecord } from '../../../src/domain/draw/record';
import { PROJECT_ROOT } from '../../../src/config/paths';
import { leaves, mutate } from '../../helpers/record-mutations';

const SEED = createHash('sha256').update('record').digest('hex');
const inputs: DrawInputs = {
  algorithm: 'DRAW-1',
  drawNo: 'CC2026-04-1',
  itemCode: 'entertainment',
  round: 1,
  drawDate: '2026-11-25',
  unit: '治安大队',
  ratio: { kind: 'range', minBp: 1000, maxBp: 5000 },
  stratify: true,
  excludeWithinDays: 365,
  inspectorsPerTask: 2,
  allowOtherUnits: false,
  pool: Array.from({ length: 12 }, (_, i) => ({
    creditCode: `91410381MA${String(i).padStart(8, '0')}`,
    name: `歌城${i}`,
    creditLevel: (['A', 'B', 'C', 'D'] as const)[i % 4]!,
    status: i === 5 ? ('closed' as const) : ('open' as const),
    lastInspected: i === 2 ? '2026-03-01' : null,
    lastInspectors: [],
  })),
  officers: Array.from({ length: 5 }, (_, i) => ({
    key: `badge:${i}`,
    name: `民警${i}`,
    unitName: '治安大队',
    active: true,
    areas: [],
    conflicts: i === 0 ? ['91410381MA00000003'] : [],
  })),
};

describe('published draw records and their verifier', () => {
  const record = makeRecord(inputs, SEED, true);

  it('hashes as specified: SHA-256 of the JCS of the inputs with both lists ordered, whatever order they came in', () => {
    const byCode = [...inputs.pool].sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1));
    const spec = sha256Hex(canonicalize({ ...inputs, pool: byCode, officers: inputs.officers })!);
    const shuffled = {
      ...inputs,
      pool: [...inputs.pool].reverse(),
      officers: [...inputs.officers].reverse(),
    };
    expect(hashInputs(shuffled)).toEqual({
      pool: sha256Hex(canonicalize(byCode)!),
      officers: sha256Hex(canonicalize(inputs.officers)!),
      inputs: spec,
    });
  });

  it('accepts a genuine record', () => {
    expect(record.result.ok).toBe(true);
    expect(verifyRecord(record)).toEqual({ consistent: true });
  });

  it('rejects every single-field change anywhere in the record', () => {
    const paths = leaves(record);
    expect(paths.length).toBeGreaterThan(100); // the record really is walked leaf by leaf
    for (const p of paths) {
      const verdict = verifyRecord(mutate(record, p));
      if (verdict.consistent) throw new Error(`a change at ${p.join('.')} went unnoticed`);
    }
  });

  it('names the first difference in a tampered result', () => {
    const tampered = JSON.parse(JSON.stringify(record)) as DrawRecord;
    if (!tampered.result.ok) throw new Error('expected a result');
    tampered.result.selections[0]!.inspectorKeys[0] = 'badge:99';
    const verdict = verifyRecord(tampered);
    expect(verdict).toEqual({
      consistent: false,
      difference: expect.stringMatching(
        /^抽取结果与重新计算的结果不一致：result\.selections\[0\]\.inspectorKeys\[0\]：公布的是 "badge:99"/,
      ),
    });
  });

  it('cannot verify before the seed is revealed, and catches a seed that is not the committed one', () => {
    expect(verifyRecord(makeRecord(inputs, SEED, false))).toEqual({
      consistent: false,
      difference: '随机种子尚未公开（抽取派发后公开），暂时无法验证',
    });
    const other = createHash('sha256').update('other').digest('hex');
    expect(verifyRecord({ ...record, seed: other })).toEqual({
      consistent: false,
      difference: '公开的随机种子与批准前公示的种子承诺（seedCommitment）不符',
    });
  });

  it('works as a command with no database or network: npm run verify-draw -- FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssj-verify-'));
    try {
      const good = join(dir, 'good.json');
      const bad = join(dir, 'bad.json');
      writeFileSync(good, JSON.stringify(record, null, 2));
      writeFileSync(bad, JSON.stringify({ ...record, inputs: { ...record.inputs, drawDate: '2026-11-26' } }));
      const run = (file: string) =>
        promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', join(PROJECT_ROOT, 'src/bin/verify-draw.ts'), file],
          { env: { PATH: process.env.PATH } },
        ).then(
          (r) => ({ code: 0, out: r.stdout }),
          (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
        );
      expect(await run(good)).toEqual({
        code: 0,
        out: '一致：抽取 CC2026-04-1 的结果可由公开的输入与随机种子完全重现（DRAW-1）。\n',
      });
      expect(await run(bad)).toEqual({
        code: 1,
        out: '不一致：抽取输入（inputs）与其哈希 hashes.inputs 不符\n',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
