import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { drawV2, proposeV2, recordV2, verifyRecordV2 } from '../../../src/domain/draw/v2/record';
import { understaffed } from '../../../src/domain/draw/v2/draw';
import { canonicalJson } from '../../../src/domain/draw/canonical';
import {
  canonicalPool,
  derivedRecusalDigest,
  joinedPool,
  seedOf,
  recusalDigest,
  recusalSalt,
} from '../../../src/domain/draw/v2/protocol';
import type { InputsV2, RecordV2 } from '../../../src/domain/draw/v2/schema';
import { verifyDrawRecord } from '../../../src/domain/draw/verify';
import { leaves, mutate } from '../../helpers/record-mutations';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const SECRET = hex('secret');
const KEY = hex('recusal key');

const code = (i: number) => `91410381MA${String(i).padStart(8, '0')}`;
const badge = (i: number) => `badge:${String(i).padStart(4, '0')}`;

function base(over: Partial<Omit<InputsV2, 'recusalDigests'>> = {}): Omit<InputsV2, 'recusalDigests'> {
  return {
    algorithm: 'DRAW-2',
    drawNo: 'CC2026-04-R1-01',
    itemCode: 'entertainment',
    round: 1,
    drawDate: '2026-11-25',
    unit: '治安大队',
    ratio: { kind: 'range', minBp: 1000, maxBp: 5000 },
    stratify: true,
    excludeWithinDays: 180,
    inspectorsPerTask: 2,
    allowOtherUnits: false,
    pool: Array.from({ length: 30 }, (_, i) => ({
      creditCode: code(i),
      name: `歌城${i}`,
      creditLevel: (['A', 'B', 'C', 'D'] as const)[i % 4]!,
      status: i === 5 ? ('closed' as const) : ('open' as const),
      lastInspected: i === 2 ? '2026-09-01' : null,
      lastInspectors: i === 3 ? [badge(0), badge(1)] : [],
    })),
    officers: Array.from({ length: 6 }, (_, i) => ({
      key: badge(i),
      name: `民警${i}`,
      unitName: '治安大队',
      active: true,
      areas: [],
    })),
    ...over,
  };
}

/** Officer 0 declared a conflict with every third target. */
const conflicts = (c: string) => (Number(c.slice(-8)) % 3 === 0 ? [badge(0)] : []);

function drawn(inputs = base(), phrase = '春风十里'): RecordV2 {
  const p = proposeV2(inputs, SECRET, KEY, conflicts);
  const d = drawV2(p, SECRET, phrase, KEY, conflicts);
  return recordV2(p, { secret: SECRET, phrase, ...d });
}

describe('DRAW-2 records', () => {
  it('verifies a genuine record at each stage: proposed, ended without approval, drawn', () => {
    const p = proposeV2(base(), SECRET, KEY, conflicts);
    expect(verifyRecordV2(recordV2(p))).toEqual({ consistent: true, stage: 'proposed' });
    expect(verifyRecordV2(recordV2(p, { secret: SECRET }))).toEqual({ consistent: true, stage: 'ended' });
    expect(verifyRecordV2(drawn())).toEqual({ consistent: true, stage: 'drawn' });
  });

  it('hashes a pool read as stored runs of its canonical JSON exactly as the pool itself', () => {
    const odd = ['引号"与\\反斜杠', 'line\u2028sep', '表情😀', 'lone \ud800', '控制\u0001'];
    const inputs = base();
    inputs.pool = inputs.pool.map((t, i) => ({ ...t, name: `${odd[i % odd.length]}${i}` }));
    const general = Buffer.from(canonicalJson(inputs.pool), 'utf8');
    expect(canonicalPool(inputs.pool).equals(general)).toBe(true);
    const cuts = [0, 1, 7, 7, 20, 30];
    const runs = cuts.slice(1).map((end, i) => canonicalPool(inputs.pool.slice(cuts[i], end)));
    expect(Buffer.concat(joinedPool(runs)).equals(general)).toBe(true);
    expect(Buffer.concat(joinedPool([])).toString()).toBe('[]');
    expect(() => joinedPool([Buffer.from('{}')])).toThrow('not a JSON array');
    const plain = proposeV2(inputs, SECRET, KEY, conflicts);
    const read = proposeV2(inputs, SECRET, KEY, conflicts, joinedPool(runs));
    expect(read).toEqual(plain);
    expect(verifyRecordV2(recordV2(read))).toEqual({ consistent: true, stage: 'proposed' });
  });

  it('shows no selection before approval: the proposal holds no seed, no result, and nothing derived from a result', () => {
    const p = proposeV2(base(), SECRET, KEY, conflicts);
    const r = recordV2(p);
    expect(r.seed).toBeNull();
    expect(r.result).toBeNull();
    expect(r.secret).toBeNull();
    // The plan says how many per stratum — the same for every seed — and nothing about which.
    expect(r.plan).toEqual(proposeV2(base(), hex('other secret'), hex('other key'), conflicts).plan);
  });

  it('cannot be steered by either party alone: other phrases, other secrets give other selections', () => {
    const picks = (secret: string, phrase: string) => {
      const p = proposeV2(base(), secret, KEY, conflicts);
      return drawV2(p, secret, phrase, KEY, conflicts)
        .selections.map((s) => s.creditCode)
        .join();
    };
    const byPhrase = new Set(['一', '二', '三', '四', '五', '六'].map((w) => picks(SECRET, w)));
    const bySecret = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((s) => picks(hex(s), '一')));
    expect(byPhrase.size).toBeGreaterThan(4);
    expect(bySecret.size).toBeGreaterThan(4);
  });

  it('derives the seed as specified: SHA-256("ssj-draw-2/seed" 0x00 secret commitment phrase)', () => {
    const r = drawn();
    const bytes = Buffer.concat([
      Buffer.from('ssj-draw-2/seed\0'),
      Buffer.from(r.secret!, 'hex'),
      Buffer.from(r.commitment, 'hex'),
      Buffer.from('春风十里'),
    ]);
    expect(r.seed).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(seedOf(r.secret!, r.commitment, '春风十里')).toBe(r.seed);
  });

  it('makes salts and recusal digests as specified, for any credit code and any number of officers (property)', () => {
    const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: hex64,
            code: fc.string({ unit: 'grapheme', maxLength: 80 }),
            officers: fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 400 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (cases) => {
          // Interleaved, short and long (past the reused buffer's first size): each from its own bytes.
          for (const { key, code, officers } of cases) {
            const salt = recusalSalt(key, code);
            expect(salt).toBe(sha(Buffer.from(key, 'hex'), Buffer.from(code)));
            const digest = sha(
              Buffer.from('ssj-draw-2/recusal\0'),
              Buffer.from(salt, 'hex'),
              Buffer.from(JSON.stringify([code, officers])),
            );
            expect(recusalDigest(salt, code, officers)).toBe(digest);
            // The server's shortcut (the salt's bytes never made hex) makes the same digest.
            expect(derivedRecusalDigest(key, code, officers)).toBe(digest);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('publishes no declared conflict: the record holds salted digests, and opens only the drawn targets', () => {
    const r = drawn();
    const json = JSON.stringify(r);
    expect(json).not.toContain('conflict');
    expect(r.inputs.officers[0]).not.toHaveProperty('conflicts');
    const drawnCodes = new Set(r.result!.selections.map((s) => s.creditCode));
    // Every digest looks alike, with or without a conflict behind it.
    for (const d of r.inputs.recusalDigests) expect(d).toMatch(/^[0-9a-f]{64}$/);
    for (const s of r.result!.selections) {
      const i = r.inputs.pool.findIndex((t) => t.creditCode === s.creditCode);
      expect(recusalDigest(s.recusal.salt, s.creditCode, s.recusal.officerKeys)).toBe(
        r.inputs.recusalDigests[i],
      );
      expect(s.recusal.officerKeys).toEqual(conflicts(s.creditCode));
      if (s.recusal.officerKeys.length) expect(s.inspectorKeys).not.toContain(badge(0));
    }
    expect(drawnCodes.size).toBeLessThan(r.inputs.pool.length);
  });

  it('rejects every single-field change anywhere in a drawn record, the seed parts included', () => {
    const r = drawn();
    const paths = leaves(r);
    expect(paths.some((p) => p[0] === 'secret')).toBe(true);
    expect(paths.some((p) => p[0] === 'approval')).toBe(true);
    const missed = paths.filter((p) => verifyRecordV2(mutate(r, p)).consistent);
    expect(missed).toEqual([]);
  });

  it('rejects a changed phrase, secret or opening with the matching code', () => {
    const r = drawn();
    const code = (x: unknown) => {
      const v = verifyRecordV2(x);
      return v.consistent ? 'consistent' : v.code;
    };
    expect(code({ ...r, approval: { phrase: '秋月' } })).toBe('SEED_MISMATCH');
    expect(code({ ...r, secret: hex('x') })).toBe('SECRET_MISMATCH');
    const opened = r.result!.selections.findIndex((s) => s.recusal.officerKeys.length > 0);
    const hidden = JSON.parse(JSON.stringify(r)) as RecordV2;
    hidden.result!.selections[opened]!.recusal.officerKeys = [];
    expect(code(hidden)).toBe('RECUSAL_MISMATCH');
    expect(code({ ...r, inputs: { ...r.inputs, pool: r.inputs.pool.slice(1) } })).toBe('MALFORMED');
  });

  it('is strict about form: unknown or missing members, other versions, bad values — never a throw', () => {
    const r = drawn();
    const cases: unknown[] = [
      null,
      42,
      [],
      'x',
      {},
      { ...r, extra: 1 },
      { ...r, format: 'ssj-draw-record/3' },
      { ...r, inputs: { ...r.inputs, algorithm: 'DRAW-1' } },
      (({ seed: _s, ...rest }) => rest)(r),
      JSON.parse(JSON.stringify(r).replace('"format"', '"__proto__":{"x":1},"format"')),
      { ...r, inputs: { ...r.inputs, constructor: 'x' } },
      { ...r, inputs: { ...r.inputs, pool: [...r.inputs.pool].reverse() } },
      { ...r, inputs: { ...r.inputs, ratio: { kind: 'range', minBp: 5000, maxBp: 1000 } } },
      { ...r, inputs: { ...r.inputs, inspectorsPerTask: 1 } },
      { ...r, inputs: { ...r.inputs, drawDate: '2026-02-30' } },
      {
        ...r,
        inputs: { ...r.inputs, pool: r.inputs.pool.map((t, i) => (i ? t : { ...t, creditLevel: 'E' })) },
      },
      {
        ...r,
        inputs: {
          ...r.inputs,
          pool: r.inputs.pool.map((t, i) => (i === 3 ? { ...t, lastInspectors: [badge(1), badge(1)] } : t)),
        },
      },
    ];
    for (const c of cases) {
      const v = verifyDrawRecord(c);
      expect(v.consistent).toBe(false);
      if (!v.consistent) expect(v.difference).toMatch(/^[^\n]+$/);
    }
  });

  it('is immune to member names and values such as __proto__, constructor, toString', () => {
    const odd = base({
      pool: ['__proto__', 'constructor', 'toString', 'valueOf']
        .map((c, i) => ({
          creditCode: c,
          name: c,
          creditLevel: (['A', 'B', 'C', 'D'] as const)[i]!,
          status: 'open' as const,
          lastInspected: null,
          lastInspectors: [],
        }))
        .sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1)),
      officers: ['__proto__', 'constructor', 'hasOwnProperty', 'toString']
        .map((k) => ({
          key: k,
          name: k,
          unitName: '治安大队',
          active: true,
          areas: [],
        }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
      ratio: { kind: 'fixed', bp: 10_000 },
      stratify: false,
    });
    const r = drawn(odd);
    expect(r.result!.selections).toHaveLength(4);
    expect(verifyDrawRecord(JSON.parse(JSON.stringify(r)))).toMatchObject({
      consistent: true,
      stage: 'drawn',
    });
  });

  it('never breaks a constraint and verifies, for any pool, team and phrase (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.string({ minLength: 1, maxLength: 20 }),
        (n, m, bp, phrase) => {
          const inputs = base({
            pool: base().pool.concat(
              Array.from({ length: n }, (_, i) => ({
                creditCode: code(100 + i),
                name: `对象${i}`,
                creditLevel: (['A', 'B', 'C', 'D'] as const)[(i * 7) % 4]!,
                status: 'open' as const,
                lastInspected: null,
                lastInspectors: [],
              })),
            ),
            officers: base().officers.slice(0, m),
            ratio: { kind: 'fixed', bp },
            stratify: false,
          });
          const p = proposeV2(inputs, SECRET, KEY, conflicts);
          // The server proposes only when every target can be staffed after recusal.
          if (!p.plan.ok || understaffed(p.inputs, conflicts).length > 0) return;
          const d = drawV2(p, SECRET, phrase, KEY, conflicts);
          for (const s of d.selections) {
            expect(new Set(s.inspectorKeys).size).toBe(2);
            for (const k of s.recusal.officerKeys) expect(s.inspectorKeys).not.toContain(k);
          }
          expect(verifyRecordV2(recordV2(p, { secret: SECRET, phrase, ...d }))).toEqual({
            consistent: true,
            stage: 'drawn',
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
