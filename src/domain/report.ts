import { z } from 'zod';

/** 检查结果, as public-security result forms list them (../shared/domain-notes.md §3). */
export const RESULT_CATEGORIES = [
  '未发现问题',
  '发现问题已责令改正',
  '发现问题待后续处理',
  '未发现开展本次抽查涉及的经营活动',
  '通过登记的住所无法联系',
  '关闭停业或清算',
  '不配合检查情节严重',
  '已注销/吊销',
] as const;
export type ResultCategory = (typeof RESULT_CATEGORIES)[number];

/** Results that mean a problem was found: these need a description. */
export const PROBLEM_RESULTS: readonly ResultCategory[] = [
  '发现问题已责令改正',
  '发现问题待后续处理',
  '不配合检查情节严重',
];

/** 后续处置. */
export const FOLLOW_UPS = ['无需后续处置', '责令改正', '行政处罚', '刑事立案', '抄告相关部门'] as const;

export interface ReportRules {
  /** Today in Beijing (YYYY-MM-DD): an inspection cannot be dated later. */
  today: string;
  /** The day the task was dispatched: an inspection cannot be dated earlier. */
  dispatchedOn: string;
  /** The item's 检查方式. */
  methods: readonly string[];
}

const text = (label: string, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .max(max, `${label}最多 ${max} 字`);

/**
 * A completion report as the form submits it, checked field by field; every message names its field,
 * so the inspector knows what to fix. Unknown fields are ignored, missing optional ones are empty.
 */
export function reportSchema(rules: ReportRules) {
  return z
    .object({
      inspectedOn: z
        .string({ message: '请填写检查日期' })
        .regex(/^\d{4}-\d{2}-\d{2}/, '检查日期格式不对，应为 年-月-日')
        .transform((d) => d.slice(0, 10))
        .refine((d) => d <= rules.today, '检查日期不能晚于今天')
        .refine((d) => d >= rules.dispatchedOn, `检查日期不能早于任务派发日（${rules.dispatchedOn}）`),
      method: z.string({ message: '请选择检查方式' }).refine((m) => rules.methods.includes(m), {
        message: `检查方式应为 ${rules.methods.join('、')} 之一`,
      }),
      result: z.enum(RESULT_CATEGORIES, { message: '请选择检查结果' }),
      findings: text('问题描述', 1000).default(''),
      followUp: z.enum(FOLLOW_UPS, { message: '请选择后续处置' }),
      rectification: text('整改情况', 1000).default(''),
    })
    .superRefine((r, ctx) => {
      if (PROBLEM_RESULTS.includes(r.result) && r.findings === '')
        ctx.addIssue({
          code: 'custom',
          path: ['findings'],
          message: `检查结果为“${r.result}”时必须填写问题描述`,
        });
      const followUp = followUpProblem(r.result, r.followUp);
      if (followUp) ctx.addIssue({ code: 'custom', path: ['followUp'], message: followUp });
    });
}

export type ReportInput = z.infer<ReturnType<typeof reportSchema>>;

/** Why a follow-up does not fit a result (a report's, or a 更正's), or null. */
export const followUpProblem = (result: string, followUp: string): string | null =>
  result === '未发现问题' && followUp !== '无需后续处置' ? '未发现问题时后续处置应为“无需后续处置”' : null;

/** Checks a submitted form: the report, or the first problem in the form's field order. */
export function checkReport(
  rules: ReportRules,
  form: unknown,
): { ok: true; report: ReportInput } | { ok: false; message: string } {
  const r = reportSchema(rules).safeParse(form);
  if (r.success) return { ok: true, report: r.data };
  const order = ['inspectedOn', 'method', 'result', 'findings', 'followUp', 'rectification'];
  const first = [...r.error.issues].sort(
    (a, b) => order.indexOf(String(a.path[0])) - order.indexOf(String(b.path[0])),
  )[0]!;
  return { ok: false, message: first.message };
}
