import {
  parseCategory,
  parseEvidenceRequired,
  parseFrequency,
  parseMethods,
  parsePlanDate,
  parsePoolWindow,
  parseRatio,
  parseRoles,
} from '../../src/domain/plan-cells';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T | string =>
  r.ok ? r.value : `✗ ${r.reason}`;

describe('plan cells', () => {
  it.each([
    ['30%', { ratio: { kind: 'fixed', percent: 30 }, text: '30%' }],
    ['３０％', { ratio: { kind: 'fixed', percent: 30 }, text: '３０％' }],
    ['0.3', { ratio: { kind: 'fixed', percent: 30 }, text: '30%' }],
    ['10-50%', { ratio: { kind: 'range', minPercent: 10, maxPercent: 50 }, text: '10-50%' }],
    ['10%～50%', { ratio: { kind: 'range', minPercent: 10, maxPercent: 50 }, text: '10%～50%' }],
  ])('reads the ratio %s', (cell, expected) => expect(value(parseRatio(cell))).toEqual(expected));

  it.each([
    ['五成', '无法识别抽查比例“五成”'],
    ['30', '没有百分号'],
    ['150%', '不超过 100%'],
    ['50-10%', '下限应大于 0、小于上限'],
    ['', '抽查比例为空'],
  ])('refuses the ratio %j', (cell, why) => expect(value(parseRatio(cell))).toContain(why));

  it.each([
    ['1年1次', 1],
    ['1年2次', 2],
    ['每年2次', 2],
    ['一年两次', 2],
    ['2次/年', 2],
    ['半年1次', 2],
    ['每季度1次', 4],
    ['每月1次', 12],
  ])('reads the frequency %s', (cell, n) => expect(value(parseFrequency(cell))).toBe(n));

  it.each([
    ['经常', '无法识别抽查频次'],
    ['2年1次', '无法识别抽查频次'],
    ['每月2次', '折合每年 24 次'],
  ])('refuses the frequency %s', (cell, why) => expect(value(parseFrequency(cell))).toContain(why));

  it.each([
    ['每年11月5日前', { month: 11, day: 5 }, ''],
    [
      '11月30日前完成（上级有特殊要求的，按要求执行）',
      { month: 11, day: 30 },
      '上级有特殊要求的，按要求执行',
    ],
    ['2027-06-30', { month: 6, day: 30 }, ''],
    ['2027年6月30日', { month: 6, day: 30 }, ''],
    ['6/30', { month: 6, day: 30 }, ''],
    ['46568', { month: 6, day: 30 }, ''], // an Excel date cell: 2027-06-30
  ])('reads the date %s', (cell, date, note) =>
    expect(value(parsePlanDate(cell, 2027))).toEqual({ date, note }),
  );

  it.each([
    ['2026-06-30', '不在 2027 年'],
    ['2月30日', '不存在'],
    ['年底', '无法识别日期'],
  ])('refuses the date %s', (cell, why) => expect(value(parsePlanDate(cell, 2027))).toContain(why));

  it('reads pool windows, methods, categories and roles', () => {
    expect(value(parsePoolWindow('每年3月至4月'))).toEqual({ fromMonth: 3, toMonth: 4 });
    expect(value(parsePoolWindow(''))).toEqual({ fromMonth: 1, toMonth: 12 });
    expect(value(parsePoolWindow('5月至3月'))).toContain('无法识别建库时间');
    expect(value(parseMethods('现场检查 书面检查、网络'))).toEqual(['现场检查', '书面检查', '网络检查']);
    expect(value(parseMethods('暗访'))).toContain('无法识别检查方式“暗访”');
    expect(value(parseCategory('一般检查事项和重点检查事项相结合'))).toBe('combined');
    expect(value(parseCategory('重点检查事项'))).toBe('key');
    expect(value(parseCategory('其他'))).toContain('无法识别事项类别');
    expect(value(parseRoles('领导小组常务副组长'))).toEqual(['group_deputy']);
    expect(value(parseRoles('领导小组组长、责任局领导'))).toEqual(['group_leader', 'leader']);
    expect(value(parseRoles('司机'))).toContain('无法识别角色“司机”');
  });
});

describe('现场材料 column', () => {
  it('reads 要求 and its synonyms as required, blank and 不要求 as not', () => {
    for (const t of ['要求', '是', '必须上传', '需上传现场照片', '√', 'Y'])
      expect(parseEvidenceRequired(t)).toEqual({ ok: true, value: true });
    for (const t of ['', ' ', '不要求', '否', '无', '—'])
      expect(parseEvidenceRequired(t)).toEqual({ ok: true, value: false });
  });

  it('refuses anything else, saying what to write', () => {
    expect(parseEvidenceRequired('看情况')).toEqual({
      ok: false,
      reason: '无法识别现场材料要求“看情况”：填“要求”（填报前须上传现场照片或文件）或“不要求”，留空为不要求',
    });
  });
});
