import { headerKey, matchHeader, TARGET_COLUMNS } from '../../src/importer/columns';
import { OFFICER_COLUMNS } from '../../src/importer/officer-columns';

describe('header matching', () => {
  it('folds full-width characters, spaces, * marks and bracketed hints', () => {
    expect(headerKey(' *统一社会信用代码（必填） ')).toBe(headerKey('统一社会信用代码'));
    expect(headerKey('单 位 名 称')).toBe('单位名称');
    expect(headerKey('Ｅｍａｉｌ')).toBe('email');
    expect(headerKey('执法证号[必填]')).toBe('执法证号');
  });

  it('maps the titles government sheets use and lists what it ignores', () => {
    const m = matchHeader(
      ['序号', '企业名称', '社会信用代码', '住所', '法人', '行业类别', '备注'],
      TARGET_COLUMNS,
    );
    expect(m.columns).toEqual({ name: 1, creditCode: 2, address: 3, legalRepresentative: 4, items: 5 });
    expect(m.missing).toEqual([]);
    expect(m.ignored).toEqual(['序号', '备注']);
  });

  it('reports missing required columns and a second column for the same field', () => {
    const m = matchHeader(['姓名', '单位', '部门'], OFFICER_COLUMNS);
    expect(m.missing.map((s) => s.label)).toEqual(['执法证号']);
    expect(m.duplicates).toEqual(['部门']);
    expect(m.columns.unitName).toBe(1);
  });
});
