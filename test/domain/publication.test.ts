import { DEFAULT_PUBLICATION, publicResult, publicationDueBy } from '../../src/domain/publication';

describe('the 公示 deadline', () => {
  it('counts 20 working days across the 2026 Spring Festival (15–23 Feb off, 14 and 28 Feb worked)', () => {
    // Counted by hand from the State Council notice: 11, 12, 13, 14 (Sat, worked) = 4; 24–28 Feb (28th a
    // Saturday worked) = 9; 2–6 Mar = 14; 9–13 Mar = 19; 16 Mar = 20.
    expect(publicationDueBy('2026-02-10')).toBe('2026-03-16');
    // Ready on a holiday: counted from the working day before it (14 Feb): 24–28 Feb = 5, then three weeks.
    expect(publicationDueBy('2026-02-15')).toBe('2026-03-20');
    expect(publicationDueBy('2026-02-10', { ...DEFAULT_PUBLICATION, withinWorkdays: 1 })).toBe('2026-02-11');
  });
});

describe('what the public sees of a result', () => {
  // Private data rides along as it would on real documents; none of it may come out.
  const task = {
    taskNo: 'CC2026-03-R1-01-0001',
    year: 2026,
    itemName: '旅馆业',
    unitName: '治安大队',
    targetName: '偃师区首阳客栈',
    targetCreditCode: '91410381MA9XXXXX1A',
    targetAddress: '首阳山镇 1 号',
    inspectorKeys: ['badge:4103801001'],
  };
  const report = {
    inspectedOn: '2026-12-01',
    method: '现场检查',
    resultCategory: '发现问题已责令改正',
    followUp: '责令改正',
    rectification: '已补登记住宿人员信息',
    findings: '前台登记簿缺 3 人，经理手机 13700000000',
    review: { status: 'accepted', comment: '内部：下次重点查' },
  };
  const inspectors = [
    { name: '王警官', badgeNo: '4103801001', mobile: '13700000001' },
    { name: '李明', badgeNo: null, mobile: '13700000002' },
  ];
  const src = {
    task,
    report,
    item: { basis: '《旅馆业治安管理办法》' },
    authority: '洛阳市公安局偃师分局',
    inspectors,
  };

  it('has exactly the columns of the 抽查结果公示表, and none of the private fields', () => {
    const r = publicResult(src);
    expect(Object.keys(r).sort()).toEqual(
      [
        'taskNo',
        'year',
        'itemName',
        'basis',
        'authority',
        'unitName',
        'targetName',
        'creditCode',
        'inspectedOn',
        'method',
        'resultCategory',
        'followUp',
        'rectification',
        'inspectors',
      ].sort(),
    );
    const text = JSON.stringify(r);
    for (const secret of ['13700000000', '13700000001', '首阳山镇', '内部', '前台登记簿'])
      expect(text).not.toContain(secret);
  });

  it('shows the inspectors as configured', () => {
    expect(publicResult(src).inspectors).toEqual(['王警官（执法证号 4103801001）', '李明']);
    expect(publicResult(src, { ...DEFAULT_PUBLICATION, inspectors: 'name' }).inspectors).toEqual([
      '王警官',
      '李明',
    ]);
    expect(publicResult(src, { ...DEFAULT_PUBLICATION, inspectors: 'none' }).inspectors).toEqual([]);
  });
});
