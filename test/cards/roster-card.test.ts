import { certExpiryCard, rosterCard, type RosterView } from '../../cards/roster-card';

const unit = (over: Partial<RosterView['units'][number]> = {}): RosterView['units'][number] => ({
  unitName: '治安大队',
  officers: 18,
  expired: [],
  soon: [],
  away: [],
  undated: [],
  ...over,
});

describe('the /人员 card', () => {
  it('lists what each unit must fix, orange while anything would keep an officer out of a draw', () => {
    const card = rosterCard({
      today: '2026-11-26',
      days: 60,
      scope: null,
      units: [
        unit({
          expired: [{ name: '张伟', badgeNo: '41038010002', date: '2026-11-01' }],
          soon: [{ name: '李娜', badgeNo: '41038010003', date: '2027-01-10' }],
          away: [
            {
              name: '王强',
              badgeNo: '41038010004',
              absence: { kind: 'leave', from: '2026-11-23', to: '2026-12-07' },
            },
            {
              name: '赵敏',
              badgeNo: '41038010005',
              absence: { kind: 'transferred', from: '2027-01-01', to: null },
            },
          ],
        }),
        unit({ unitName: '禁毒大队', officers: 8, undated: [{ name: '孙丽', badgeNo: '41038020001' }] }),
      ],
    });
    expect(card).toMatchSnapshot();
    expect(card.header.template).toBe('orange');
  });

  it('is green when nothing lapses and nobody is away, and cuts long lists with a count', () => {
    const many = Array.from({ length: 32 }, (_, i) => ({
      name: `民警${i}`,
      badgeNo: `4103801${String(i).padStart(4, '0')}`,
    }));
    const quiet = rosterCard({
      today: '2026-11-26',
      days: 60,
      scope: '禁毒大队',
      units: [unit({ unitName: '禁毒大队', undated: many })],
    });
    expect(quiet.header.template).toBe('green');
    expect(JSON.stringify(quiet)).toContain('未登记执法证有效期（32 人）');
    expect(JSON.stringify(quiet)).toContain('民警29 等');
    const soon = rosterCard({
      today: '2026-11-26',
      days: 60,
      scope: '禁毒大队',
      units: [unit({ soon: many.map((m) => ({ ...m, date: '2027-01-01' })) })],
    });
    expect(JSON.stringify(soon)).toContain('另有 2 人未列出');
    const empty = rosterCard({ today: '2026-11-26', days: 60, scope: '警令部', units: [] });
    expect(JSON.stringify(empty)).toContain('警令部没有在岗的执法检查人员。');
  });

  it('tells a unit head which certificates lapse within 30 days, red when one has lapsed', () => {
    const officers = [
      { name: '张伟', badgeNo: '41038010002', unitName: '治安大队', expires: '2026-11-20' },
      { name: '李娜', badgeNo: '41038010003', unitName: '治安大队', expires: '2026-12-20' },
    ];
    const card = certExpiryCard({ name: '王大队', today: '2026-11-26', officers });
    expect(card).toMatchSnapshot();
    expect(card.header.template).toBe('red');
    expect(
      certExpiryCard({ name: '王大队', today: '2026-11-26', officers: officers.slice(1) }).header.template,
    ).toBe('orange');
  });
});
