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

/** 随机抽查事项清单, the plan's item list (the first title of each is what exports write). */
export const ITEM_LIST_COLUMNS: ColumnSpec<
  | 'seq'
  | 'department'
  | 'name'
  | 'basis'
  | 'inspectingBody'
  | 'category'
  | 'targetType'
  | 'ratio'
  | 'frequency'
  | 'methods'
  | 'remark'
  | 'aliases'
  | 'code'
  | 'evidence'
>[] = [
  { field: 'seq', label: '序号', required: true, titles: ['序号', '编号', '事项序号'] },
  {
    field: 'department',
    label: '部门名称',
    required: false,
    titles: ['部门名称', '部门', '实施部门', '抽查部门', '单位名称'],
  },
  {
    field: 'name',
    label: '抽查事项名称',
    required: true,
    titles: ['抽查事项名称', '抽查事项', '事项名称', '随机抽查事项', '检查事项', '事项'],
  },
  { field: 'basis', label: '抽查依据', required: true, titles: ['抽查依据', '检查依据', '依据', '法律依据'] },
  {
    field: 'inspectingBody',
    label: '检查主体',
    required: true,
    titles: ['检查主体', '抽查主体', '实施主体', '执法主体'],
  },
  {
    field: 'category',
    label: '事项类别',
    required: true,
    titles: ['事项类别', '抽查类别', '检查类别', '类别', '事项类型'],
  },
  {
    field: 'targetType',
    label: '检查对象',
    required: true,
    titles: ['检查对象', '抽查对象', '检查对象类型', '对象'],
  },
  { field: 'ratio', label: '抽查比例', required: true, titles: ['抽查比例', '检查比例', '比例'] },
  { field: 'frequency', label: '抽查频次', required: true, titles: ['抽查频次', '检查频次', '频次'] },
  {
    field: 'methods',
    label: '检查方式',
    required: true,
    titles: ['检查方式', '抽查方式', '方式'],
  },
  { field: 'remark', label: '备注', required: false, titles: ['备注', '说明'] },
  { field: 'aliases', label: '简称', required: false, titles: ['简称', '别名', '关键词', '简称/别名'] },
  { field: 'code', label: '事项代码', required: false, titles: ['事项代码', '代码'] },
  {
    field: 'evidence',
    label: '现场材料',
    required: false,
    titles: ['现场材料', '现场材料要求', '需上传现场材料', '是否需上传现场材料', '留痕材料'],
  },
];

/** 责任分工: who answers for each item, and its dates (section 四 of a plan). */
export const DUTY_COLUMNS: ColumnSpec<
  | 'item'
  | 'leader'
  | 'unit'
  | 'responsible'
  | 'poolWindow'
  | 'drawBy'
  | 'deadline'
  | 'heading'
  | 'scope'
  | 'poolName'
  | 'poolMethod'
  | 'ratio'
>[] = [
  {
    field: 'item',
    label: '事项',
    required: true,
    titles: ['事项', '抽查事项', '事项名称', '抽查事项名称', '检查事项'],
  },
  {
    field: 'leader',
    label: '责任局领导',
    required: true,
    titles: ['责任局领导', '分管局领导', '责任领导', '分管领导'],
  },
  { field: 'unit', label: '责任单位', required: true, titles: ['责任单位', '责任部门', '承办单位'] },
  { field: 'responsible', label: '责任人', required: true, titles: ['责任人', '具体责任人', '联系人'] },
  {
    field: 'poolWindow',
    label: '建库时间',
    required: false,
    titles: ['建库时间', '检查对象库建立时间', '对象库建立时间', '建库'],
  },
  { field: 'drawBy', label: '抽取时间', required: true, titles: ['抽取时间', '抽取日期', '抽取期限'] },
  {
    field: 'deadline',
    label: '完成时限',
    required: true,
    titles: ['完成时限', '完成时间', '完成期限', '办结时限'],
  },
  { field: 'heading', label: '分工标题', required: false, titles: ['分工标题', '标题'] },
  { field: 'scope', label: '检查内容', required: false, titles: ['检查内容', '检查范围', '工作内容'] },
  {
    field: 'poolName',
    label: '检查对象库',
    required: false,
    titles: ['检查对象库', '检查对象库名称', '对象库名称'],
  },
  { field: 'poolMethod', label: '建库方式', required: false, titles: ['建库方式', '检查对象库建立方式'] },
  { field: 'ratio', label: '分工抽查比例', required: false, titles: ['分工抽查比例'] },
];

/** 人员名单: the plan's people (领导小组, 责任局领导, 责任人) and how to reach them on Feishu. */
export const PLAN_PEOPLE_COLUMNS: ColumnSpec<
  'name' | 'unit' | 'title' | 'roles' | 'mobile' | 'email' | 'openId'
>[] = [
  { field: 'name', label: '姓名', required: true, titles: ['姓名', '人员姓名', '名字'] },
  { field: 'unit', label: '单位', required: true, titles: ['单位', '所属单位', '部门', '工作单位'] },
  { field: 'title', label: '职务', required: false, titles: ['职务', '职务/职级', '职级'] },
  {
    field: 'roles',
    label: '计划中的角色',
    required: true,
    titles: ['计划中的角色', '角色', '工作职责', '分工'],
  },
  { field: 'mobile', label: '手机号', required: false, titles: ['手机号', '手机', '手机号码', '联系电话'] },
  { field: 'email', label: '邮箱', required: false, titles: ['邮箱', '电子邮箱', 'email'] },
  { field: 'openId', label: '飞书 open_id', required: false, titles: ['飞书 open_id', 'open_id', '飞书ID'] },
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
