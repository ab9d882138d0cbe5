import fc from 'fast-check';
import { addDays } from '../../src/domain/calendar';
import { parseFullDate } from '../../src/domain/plan-cells';
import {
  disqualification,
  exclusionNote,
  expiryState,
  qualify,
  type Absence,
} from '../../src/domain/qualification';
import { drawV2, proposeV2 } from '../../src/domain/draw/v2/record';
import type { InputsV2 } from '../../src/domain/draw/v2/schema';

const WINDOW = { from: '2026-12-01', to: '2027-01-15' };
const officer = (over: { certExpires?: string | null; absence?: Absence | null; active?: boolean } = {}) => ({
  active: true,
  certExpires: null,
  absence: null,
  ...over,
});

describe('who may inspect over a task window', () => {
  it('needs the 执法证 valid through the deadline (its expiry day included)', () => {
    expect(disqualification(officer({ certExpires: '2027-01-14' }), WINDOW)).toBe('CERT_EXPIRED');
    expect(disqualification(officer({ certExpires: '2027-01-15' }), WINDOW)).toBeNull();
    expect(disqualification(officer({ certExpires: '2026-06-30' }), WINDOW)).toBe('CERT_EXPIRED');
    // Not recorded: not excluded for that (listed by /人员 to complete instead).
    expect(disqualification(officer(), WINDOW)).toBeNull();
  });

  it('leaves out anyone away for any part of the window, ends included', () => {
    const away = (from: string, to: string | null, kind: Absence['kind'] = 'leave') =>
      disqualification(officer({ absence: { kind, from, to } }), WINDOW);
    expect(away('2026-11-20', '2026-12-01')).toBe('UNAVAILABLE');
    expect(away('2027-01-15', '2027-01-20')).toBe('UNAVAILABLE');
    expect(away('2026-12-10', null, 'suspended')).toBe('UNAVAILABLE');
    expect(away('2027-03-01', null, 'transferred')).toBeNull();
    expect(away('2026-11-01', '2026-11-30')).toBeNull();
    expect(away('2027-01-16', '2027-02-01')).toBeNull();
  });

  it('says nothing of an officer the roster has inactive already (the record shows that)', () => {
    expect(disqualification(officer({ active: false, certExpires: '2020-01-01' }), WINDOW)).toBeNull();
  });

  it('publishes a coarse reason with the name, never the kind or dates of an absence', () => {
    const { people, excluded } = qualify(
      [
        { key: 'b:1', name: '张伟', ...officer({ certExpires: '2026-12-31' }) },
        {
          key: 'b:2',
          name: '李娜',
          ...officer({ absence: { kind: 'suspended', from: '2026-12-05', to: null } }),
        },
        { key: 'b:3', name: '王强', ...officer() },
      ],
      WINDOW,
    );
    expect(people.map((p) => p.active)).toEqual([false, false, true]);
    expect(excluded.map((e) => [e.key, e.reason])).toEqual([
      ['b:1', 'CERT_EXPIRED'],
      ['b:2', 'UNAVAILABLE'],
    ]);
    const note = exclusionNote(excluded);
    expect(note).toBe('2 名执法人员未参加本次匹配：张伟（执法证在检查截止日前到期）、李娜（检查期间不在岗）');
    expect(note).not.toMatch(/停职|2026-12-05/);
  });

  it('lists certificates expired or lapsing within the given days', () => {
    expect(expiryState('2026-11-30', '2026-12-01', 60)).toBe('expired');
    expect(expiryState('2027-01-30', '2026-12-01', 60)).toBe('soon');
    expect(expiryState('2027-01-31', '2026-12-01', 60)).toBeNull();
    expect(expiryState(null, '2026-12-01', 60)).toBeNull();
  });

  it('reads full dates as offices write them, and refuses what is not one', () => {
    for (const t of ['2027-03-05', '2027/3/5', '2027.03.05', '2027年3月5日', '20270305', '46451'])
      expect(parseFullDate(t)).toEqual({ ok: true, value: '2027-03-05' });
    expect(parseFullDate('2027-02-30')).toEqual({ ok: false, reason: '日期“2027-02-30”不存在' });
    expect(parseFullDate('3月5日')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('2027-11-05'),
    });
    expect(parseFullDate('1999-01-01')).toMatchObject({ ok: false, reason: expect.stringContaining('2000') });
  });
});

describe('a draw over a roster with expired and absent officers (property)', () => {
  const code = (i: number) => `91410381MA${String(i).padStart(8, '0')}`;
  const hex = (s: string) => Buffer.from(s.padEnd(32, '.')).toString('hex').slice(0, 64);

  it('never matches an officer whose certificate lapses before the deadline or who is away in the window', () => {
    const day = fc.integer({ min: -120, max: 120 });
    const person = fc.record({
      expires: fc.option(day, { nil: null }),
      absence: fc.option(
        fc.record({
          kind: fc.constantFrom('leave' as const, 'suspended' as const, 'transferred' as const),
          from: day,
          length: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
        }),
        { nil: null },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(person, { minLength: 2, maxLength: 14 }),
        fc.integer({ min: 1, max: 90 }),
        fc.string({ minLength: 4, maxLength: 12 }),
        (roster, span, phrase) => {
          const drawDate = '2026-12-01';
          const deadline = addDays(drawDate, span);
          const listed = roster.map((r, i) => ({
            key: `badge:41038${String(i).padStart(5, '0')}`,
            name: `民警${i}`,
            unitName: '治安大队',
            active: true,
            areas: [] as string[],
            certExpires: r.expires === null ? null : addDays(drawDate, r.expires),
            absence: r.absence && {
              kind: r.absence.kind,
              from: addDays(drawDate, r.absence.from),
              to: r.absence.length === null ? null : addDays(drawDate, r.absence.from + r.absence.length),
            },
          }));
          const { people } = qualify(listed, { from: drawDate, to: deadline });
          const inputs: Omit<InputsV2, 'recusalDigests'> = {
            algorithm: 'DRAW-2',
            drawNo: 'CC2026-04-R1-01',
            itemCode: 'entertainment',
            round: 1,
            drawDate,
            unit: '治安大队',
            ratio: { kind: 'fixed', bp: 5000 },
            stratify: false,
            excludeWithinDays: 0,
            inspectorsPerTask: 2,
            allowOtherUnits: false,
            pool: Array.from({ length: 12 }, (_, i) => ({
              creditCode: code(i),
              name: `歌城${i}`,
              creditLevel: 'B' as const,
              status: 'open' as const,
              lastInspected: null,
              lastInspectors: [],
            })),
            officers: people.map(({ certExpires: _c, absence: _a, ...o }) => o),
          };
          const p = proposeV2(inputs, hex('secret'), hex('key'), () => []);
          // The oracle, stated independently: valid through the deadline, away on no day of the window.
          const fit = new Set(
            listed
              .filter((o) => o.certExpires === null || o.certExpires >= deadline)
              .filter(
                (o) =>
                  !o.absence ||
                  o.absence.from > deadline ||
                  (o.absence.to !== null && o.absence.to < drawDate),
              )
              .map((o) => o.key),
          );
          if (!p.plan.ok) {
            expect(p.plan.reason).toMatchObject({ code: 'TOO_FEW_OFFICERS', available: fit.size });
            return;
          }
          const { selections } = drawV2(p, hex('secret'), phrase, hex('key'), () => []);
          expect(selections.length).toBeGreaterThan(0);
          for (const s of selections) for (const k of s.inspectorKeys) expect(fit.has(k)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
