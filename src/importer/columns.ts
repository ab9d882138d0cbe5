import { fold } from '../domain/text';

/** A field of an import and the column titles government spreadsheets use for it. */
export interface ColumnSpec<F extends string> {
  field: F;
  label: string;
  required: boolean;
  titles: string[];
}

export const TARGET_COLUMNS: ColumnSpec<
  | 'creditCode'
  | 'name'
  | 'address'
  | 'legalRepresentative'
  | 'phone'
  | 'items'
  | 'creditLevel'
  | 'riskLevel'
  | 'status'
>[] = [
  {
    field: 'name',
    label: '名称',
    required: true,
    titles: [
      '名称',
      '单位名称',
      '企业名称',
      '检查对象名称',
      '市场主体名称',
      '场所名称',
      '主体名称',
      '商户名称',
    ],
  },
  {
    field: 'creditCode',
    label: '统一社会信用代码',
    required: true,
    titles: [
      '统一社会信用代码',
      '社会信用代码',
      '信用代码',
      '统一代码',
      '统一社会信用代码/注册号',
      '社会统一信用代码',
    ],
  },
  {
    field: 'address',
    label: '地址',
    required: false,
    titles: ['地址', '经营地址', '住所', '经营场所', '注册地址', '详细地址', '单位地址'],
  },
  {
    field: 'legalRepresentative',
    label: '法定代表人',
    required: false,
    titles: ['法定代表人', '法人', '法人代表', '负责人', '经营者', '法定代表人/负责人'],
  },
  {
    field: 'phone',
    label: '联系电话',
    required: false,
    titles: ['联系电话', '电话', '联系方式', '手机', '手机号'],
  },
  {
    field: 'items',
    label: '抽查事项',
    required: false,
    titles: [
      '抽查事项',
      '检查事项',
      '事项',
      '行业类别',
      '行业',
      '所属行业',
      '监管类别',
      '对象类型',
      '检查对象类型',
    ],
  },
  {
    field: 'creditLevel',
    label: '信用等级',
    required: false,
    titles: ['信用等级', '信用分类', '信用类别', '信用评级'],
  },
  { field: 'riskLevel', label: '风险等级', required: false, titles: ['风险等级', '风险分类', '风险类别'] },
  {
    field: 'status',
    label: '经营状态',
    required: false,
    titles: ['经营状态', '状态', '登记状态', '营业状态'],
  },
];

export const OFFICER_COLUMNS: ColumnSpec<
  'name' | 'badgeNo' | 'unitName' | 'title' | 'role' | 'areas' | 'mobile' | 'email' | 'status'
>[] = [
  {
    field: 'name',
    label: '姓名',
    required: true,
    titles: ['姓名', '执法人员姓名', '检查人员姓名', '人员姓名', '名字'],
  },
  {
    field: 'badgeNo',
    label: '执法证号',
    required: true,
    titles: ['执法证号', '执法证件号', '执法证编号', '执法证件号码', '执法资格证号', '警号/执法证号'],
  },
  {
    field: 'unitName',
    label: '所属单位',
    required: true,
    titles: ['所属单位', '单位', '部门', '工作单位', '所在单位', '单位名称'],
  },
  { field: 'title', label: '职务', required: false, titles: ['职务', '职级', '职务/职级'] },
  { field: 'role', label: '角色', required: false, titles: ['角色', '人员类别', '类别'] },
  {
    field: 'areas',
    label: '执法领域',
    required: false,
    titles: ['执法领域', '执法门类', '业务专长', '检查事项', '抽查事项'],
  },
  {
    field: 'mobile',
    label: '手机号',
    required: false,
    titles: ['手机号', '手机', '联系电话', '电话', '手机号码'],
  },
  { field: 'email', label: '邮箱', required: false, titles: ['邮箱', '电子邮箱', '邮件', 'email', 'e-mail'] },
  { field: 'status', label: '状态', required: false, titles: ['状态', '在岗状态', '人员状态'] },
];

/** Header text as compared: folded, lower case, without `*` marks and bracketed hints like （必填）. */
export const headerKey = (title: string): string =>
  fold(title)
    .replace(/[*＊]/g, '')
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .toLowerCase();

export interface HeaderMatch<F extends string> {
  /** Column index (0-based) of each recognised field. */
  columns: Partial<Record<F, number>>;
  missing: ColumnSpec<F>[];
  ignored: string[];
  duplicates: string[];
}

export function matchHeader<F extends string>(cells: string[], specs: ColumnSpec<F>[]): HeaderMatch<F> {
  const byTitle = new Map<string, ColumnSpec<F>>();
  for (const spec of specs)
    for (const t of spec.titles) if (!byTitle.has(headerKey(t))) byTitle.set(headerKey(t), spec);
  const columns: Partial<Record<F, number>> = {};
  const ignored: string[] = [];
  const duplicates: string[] = [];
  cells.forEach((cell, i) => {
    if (!cell.trim()) return;
    const spec = byTitle.get(headerKey(cell));
    if (!spec) ignored.push(cell.trim());
    else if (columns[spec.field] !== undefined) duplicates.push(cell.trim());
    else columns[spec.field] = i;
  });
  const missing = specs.filter((s) => s.required && columns[s.field] === undefined);
  return { columns, missing, ignored, duplicates };
}
