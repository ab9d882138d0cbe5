import { creditCodeProblem } from '../../src/domain/credit-code';
import { DEFAULT_TARGET_COUNTS, generateOfficers, generateTargets, makeRng } from '../../src/demo/demo-pools';

describe('demo pools', () => {
  it('are deterministic for a seed and differ between seeds', () => {
    expect(generateTargets({ seed: 's1', counts: {} })).toEqual(generateTargets({ seed: 's1', counts: {} }));
    expect(generateTargets({ seed: 's1', counts: {} })).not.toEqual(
      generateTargets({ seed: 's2', counts: {} }),
    );
    expect(generateOfficers({ seed: 's1' })).toEqual(generateOfficers({ seed: 's1' }));
    const rng = makeRng('x');
    const values = Array.from({ length: 1000 }, rng);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBe(1000);
  });

  it('date officers’ certificates without changing who they are (the emulator seeds the same people undated)', () => {
    const undated = generateOfficers({ seed: 'yanshi-demo' });
    const dated = generateOfficers({ seed: 'yanshi-demo', today: '2026-11-26' });
    const strip = ({ certIssued: _i, certExpires: _e, absence: _a, ...o }: (typeof dated)[number]) => o;
    expect(dated.map(strip)).toEqual(undated.map(strip));
    expect(undated.every((o) => o.certExpires === null && o.absence === null)).toBe(true);
    for (const o of dated) expect(o.certIssued! < o.certExpires!).toBe(true);
    expect(dated.filter((o) => o.certExpires === '2027-01-10').map((o) => o.unitName)).toEqual([
      '治安大队',
      '禁毒大队',
    ]);
    expect(dated.filter((o) => o.absence).map((o) => o.absence)).toEqual([
      { kind: 'leave', from: '2026-11-23', to: '2026-12-07' },
      { kind: 'leave', from: '2026-11-23', to: '2026-12-07' },
    ]);
  });

  it('give every target a valid, unique credit code of 偃师区 and a unique name', () => {
    const targets = generateTargets({ seed: 'demo', counts: { hotels: 2000 } });
    expect(targets.filter((t) => t.itemCodes.includes('hotels') && t.itemCodes[0] === 'hotels')).toHaveLength(
      2000,
    );
    for (const t of targets) {
      expect(creditCodeProblem(t.creditCode)).toBeNull();
      expect(t.creditCode.slice(2, 8)).toBe('410381');
      expect(t.address).toMatch(/^河南省洛阳市偃师区/);
    }
    expect(new Set(targets.map((t) => t.creditCode)).size).toBe(targets.length);
    expect(new Set(targets.map((t) => t.name)).size).toBe(targets.length);
  });

  it('honour default counts per item and draw credit levels in the configured shares', () => {
    const byItem = (list: ReturnType<typeof generateTargets>) =>
      Object.fromEntries(
        Object.keys(DEFAULT_TARGET_COUNTS).map((c) => [c, list.filter((t) => t.itemCodes[0] === c).length]),
      );
    expect(byItem(generateTargets({ seed: 'd', counts: {} }))).toEqual(DEFAULT_TARGET_COUNTS);
    const many = generateTargets({
      seed: 'shares',
      counts: {
        hotels: 5000,
        entertainment: 0,
        'scrap-metal': 0,
        'seal-engraving': 0,
        'civil-explosives': 0,
        'precursor-chemicals': 0,
      },
    });
    const share = (level: string) => (100 * many.filter((t) => t.creditLevel === level).length) / many.length;
    expect(share('A')).toBeGreaterThan(25);
    expect(share('A')).toBeLessThan(35);
    expect(share('B')).toBeGreaterThan(40);
    expect(share('B')).toBeLessThan(50);
    expect(share('C')).toBeGreaterThan(13);
    expect(share('C')).toBeLessThan(23);
    expect(share('D')).toBeGreaterThan(2);
    expect(share('D')).toBeLessThan(12);
    // Worse credit comes with higher risk.
    const highRisk = (level: string) =>
      many.filter((t) => t.creditLevel === level && t.riskLevel === 'high').length /
      many.filter((t) => t.creditLevel === level).length;
    expect(highRisk('D')).toBeGreaterThan(highRisk('A'));
  });

  it('give officers unique badge numbers in the two brigades, never a plan person’s name', () => {
    const officers = generateOfficers({ seed: 'demo', perUnit: { 治安大队: 40 } });
    expect(officers.filter((o) => o.unitName === '治安大队')).toHaveLength(40);
    expect(officers.filter((o) => o.unitName === '禁毒大队')).toHaveLength(8);
    expect(new Set(officers.map((o) => o.badgeNo)).size).toBe(officers.length);
    expect(
      officers.filter((o) =>
        ['李良', '史永生', '陶向东', '赵晓辉', '焦柳扬', '彭世杰', '郭继涛'].includes(o.name),
      ),
    ).toEqual([]);
    expect(officers.filter((o) => o.roles.includes('unit_head')).map((o) => o.unitName)).toEqual([
      '治安大队',
      '禁毒大队',
    ]);
    expect(officers.every((o) => o.roles.includes('inspector'))).toBe(true);
  });
});
