import type { ColumnSpec } from './columns';

/** 执法检查人员名录库: who the officers are, what they may inspect, their 执法证 and when they are away. */
export const OFFICER_COLUMNS: ColumnSpec<
  | 'name'
  | 'badgeNo'
  | 'unitName'
  | 'title'
  | 'role'
  | 'areas'
  | 'mobile'
  | 'email'
  | 'status'
  | 'statusFrom'
  | 'statusTo'
  | 'certIssued'
  | 'certExpires'
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
  {
    field: 'statusFrom',
    label: '状态起始日期',
    required: false,
    titles: ['状态起始日期', '状态开始日期', '状态起始时间', '起始日期', '休假起始日期', '离岗起始日期'],
  },
  {
    field: 'statusTo',
    label: '状态截止日期',
    required: false,
    titles: ['状态截止日期', '状态结束日期', '状态截止时间', '终止日期', '休假截止日期', '离岗截止日期'],
  },
  {
    field: 'certIssued',
    label: '发证日期',
    required: false,
    titles: ['发证日期', '执法证发证日期', '发证时间', '取证日期', '取证时间', '执法证取得时间'],
  },
  {
    field: 'certExpires',
    label: '有效期至',
    required: false,
    titles: [
      '有效期至',
      '执法证有效期至',
      '有效期',
      '执法证有效期',
      '有效期截止',
      '有效期截止日期',
      '到期日期',
      '执法证到期日期',
      '证件有效期',
      '有效期限',
    ],
  },
];
