import { deriveAnnualPlan, deriveRounds } from '../../src/domain/annual-plan';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { parsePlanTemplate } from '../../src/domain/plan-template';

describe('the reference plan (偃公通〔2023〕40号) as data', () => {
  const template = readPlanTemplate();

  it('holds exactly the seed list’s six items with ratios, frequencies and methods', () => {
    const rows = [...template.items]
      .sort((a, b) => a.seq - b.seq)
      .map((i) => [
        i.seq,
        i.name,
        i.ratioText,
        i.frequencyText,
        i.frequencyPerYear,
        i.methods.join(' '),
        i.category,
      ]);
    expect(rows).toEqual([
      [1, '对易制毒化学品从业单位的检查', '30%', '1年1次', 1, '现场检查 书面检查 网络检查', 'key'],
      [2, '民用爆炸物品安全管理', '100%', '1年2次', 2, '现场检查 书面检查', 'combined'],
      [3, '旅馆业', '10%', '1年1次', 1, '现场检查 书面检查', 'combined'],
      [4, '娱乐场所', '50%', '1年1次', 1, '现场检查 书面检查', 'combined'],
      [5, '公章刻制业', '50%', '1年1次', 1, '现场检查 书面检查', 'combined'],
      [6, '废旧金属收购业', '30%', '1年1次', 1, '现场检查 书面检查', 'combined'],
    ]);
    expect(template.items.map((i) => i.ratio)).toEqual([
      { kind: 'fixed', percent: 30 },
      { kind: 'fixed', percent: 100 },
      { kind: 'fixed', percent: 10 },
      { kind: 'fixed', percent: 50 },
      { kind: 'fixed', percent: 50 },
      { kind: 'fixed', percent: 30 },
    ]);
  });

  it('maps section 四 to the items with their leaders, units, persons and dates', () => {
    const bySeq = Object.fromEntries(template.items.map((i) => [i.seq, i.section]));
    expect(bySeq[1]).toMatchObject({
      heading: '（二）易制毒化学品购买、运输的监督事项检查',
      leader: '焦柳扬',
      unit: '禁毒大队',
      responsiblePerson: '郭继涛',
      poolWindow: { fromMonth: 3, toMonth: 4 },
      drawBy: { month: 11, day: 5 },
      deadline: { month: 11, day: 30 },
    });
    expect(bySeq[2]).toMatchObject({
      heading: '（一）危爆单位事项检查',
      leader: '赵晓辉',
      unit: '治安大队',
      responsiblePerson: '彭世杰',
    });
    for (const seq of [3, 5, 6])
      expect(bySeq[seq]).toMatchObject({ heading: '（三）特种行业事项检查', ratioText: '10-50%' });
    expect(bySeq[4]).toMatchObject({ heading: '（四）娱乐场所事项检查', ratioText: '50%' });
    for (const seq of [2, 3, 4, 5, 6]) {
      expect(bySeq[seq]).toMatchObject({
        drawBy: { month: 12, day: 30 },
        deadline: { month: 12, day: 30 },
        poolWindow: { fromMonth: 1, toMonth: 12 },
      });
    }
  });

  it('names the leadership group of section 三', () => {
    const roles = Object.fromEntries(template.people.map((p) => [p.name, p.roles]));
    expect(roles).toMatchObject({ 李良: ['group_leader'], 史永生: ['group_deputy'], 陶向东: ['office'] });
  });

  it('derives any year’s plan; the twice-a-year item gets two rounds', () => {
    const plan = deriveAnnualPlan(template, 2026);
    expect(plan.items.map((i) => [i.itemCode, i.rounds])).toEqual([
      ['precursor-chemicals', [{ round: 1, drawBy: '2026-11-05', deadline: '2026-11-30' }]],
      [
        'civil-explosives',
        [
          { round: 1, drawBy: '2026-06-30', deadline: '2026-06-30' },
          { round: 2, drawBy: '2026-12-30', deadline: '2026-12-30' },
        ],
      ],
      ['hotels', [{ round: 1, drawBy: '2026-12-30', deadline: '2026-12-30' }]],
      ['entertainment', [{ round: 1, drawBy: '2026-12-30', deadline: '2026-12-30' }]],
      ['seal-engraving', [{ round: 1, drawBy: '2026-12-30', deadline: '2026-12-30' }]],
      ['scrap-metal', [{ round: 1, drawBy: '2026-12-30', deadline: '2026-12-30' }]],
    ]);
  });

  it('keeps the list-versus-section-四 differences visible, the list being authoritative', () => {
    expect(deriveAnnualPlan(template, 2024).discrepancies).toEqual([
      {
        itemCode: 'hotels',
        field: 'ratio',
        list: '10%',
        sectionFour: '10-50%',
        resolution: '以《随机抽查事项清单》为准：10%',
      },
      {
        itemCode: 'seal-engraving',
        field: 'ratio',
        list: '50%',
        sectionFour: '10-50%',
        resolution: '以《随机抽查事项清单》为准：50%',
      },
      {
        itemCode: 'scrap-metal',
        field: 'ratio',
        list: '30%',
        sectionFour: '10-50%',
        resolution: '以《随机抽查事项清单》为准：30%',
      },
    ]);
  });

  it('clamps shifted round dates to the month (quarterly item due 31 March → 31 Dec … )', () => {
    const item = {
      ...template.items[0]!,
      frequencyPerYear: 4,
      section: {
        ...template.items[0]!.section,
        drawBy: { month: 12, day: 31 },
        deadline: { month: 12, day: 31 },
      },
    };
    expect(deriveRounds(item, 2026).map((r) => r.deadline)).toEqual([
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
    ]);
    expect(deriveRounds({ ...item, frequencyPerYear: 6 }, 2024).map((r) => r.deadline)).toEqual([
      '2024-02-29',
      '2024-04-30',
      '2024-06-30',
      '2024-08-31',
      '2024-10-31',
      '2024-12-31',
    ]);
  });

  it('rejects a template whose responsibilities name unknown people or units, listing each', () => {
    const broken = JSON.parse(JSON.stringify(template));
    broken.items[0].section.leader = '张三';
    broken.items[1].section.unit = '刑侦大队';
    expect(() => parsePlanTemplate(broken)).toThrow(
      /责任人员 张三 不在人员列表中[\s\S]*责任单位 刑侦大队 不在单位列表中/,
    );
  });
});
