import { z } from 'zod';

/** 事项类别 as the item list writes them. */
export const ITEM_CATEGORIES = {
  key: '重点检查事项',
  general: '一般检查事项',
  combined: '一般检查事项和重点检查事项相结合',
} as const;
export type ItemCategory = keyof typeof ITEM_CATEGORIES;

export const INSPECTION_METHODS = ['现场检查', '书面检查', '网络检查'] as const;

const monthDay = z
  .object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
  .strict()
  .refine((d) => d.day <= new Date(Date.UTC(2024, d.month, 0)).getUTCDate(), { message: '日期不存在' });
export type MonthDay = z.infer<typeof monthDay>;

/** 抽查比例: a fixed percentage, or a range resolved at draw time (see docs/data-model.md). */
export const ratioSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), percent: z.number().gt(0).max(100) }).strict(),
  z
    .object({
      kind: z.literal('range'),
      minPercent: z.number().gt(0).max(100),
      maxPercent: z.number().gt(0).max(100),
    })
    .strict()
    .refine((r) => r.minPercent < r.maxPercent, { message: '比例区间下限应小于上限' }),
]);
export type Ratio = z.infer<typeof ratioSchema>;

const personRef = z.string().min(1);

export const itemTemplateSchema = z
  .object({
    /** Stable identifier used in ids, job names and URLs. */
    code: z.string().regex(/^[a-z][a-z0-9-]*$/),
    // --- the columns of 随机抽查事项清单, as written ---
    seq: z.number().int().positive(),
    department: z.string().min(1),
    name: z.string().min(1),
    basis: z.string().min(1),
    inspectingBody: z.string().min(1),
    category: z.enum(['key', 'general', 'combined']),
    targetType: z.string().min(1),
    ratio: ratioSchema,
    /** The list's 抽查比例 cell verbatim, e.g. "30%". */
    ratioText: z.string().min(1),
    frequencyPerYear: z.number().int().min(1).max(12),
    /** The list's 抽查频次 cell verbatim, e.g. "1年2次". */
    frequencyText: z.string().min(1),
    methods: z.array(z.enum(INSPECTION_METHODS)).min(1),
    remark: z.string(),
    /** Words users type for this item (`/抽查 危爆`). */
    aliases: z.array(z.string().min(1)),
    /** 现场材料 must be attached before a report is filed (the list's optional 现场材料 column). */
    evidenceRequired: z.boolean().optional(),
    // --- section 四 of the plan: 责任分工及工作职责 ---
    section: z
      .object({
        heading: z.string().min(1),
        scope: z.string(),
        poolName: z.string().min(1),
        poolWindow: z.object({
          fromMonth: z.number().int().min(1).max(12),
          toMonth: z.number().int().min(1).max(12),
        }),
        /** 检查对象库建立的方式 where the plan states one (only item (二) does). */
        poolMethod: z.string(),
        /** Section 四's ratio verbatim; may differ from the list (the list is authoritative). */
        ratioText: z.string().min(1),
        drawBy: monthDay,
        deadline: monthDay,
        deadlineNote: z.string(),
        leader: personRef,
        unit: z.string().min(1),
        responsiblePerson: personRef,
      })
      .strict(),
  })
  .strict();
export type ItemTemplate = z.infer<typeof itemTemplateSchema>;

export const ROLES = {
  group_leader: '领导小组组长',
  group_deputy: '领导小组常务副组长',
  office: '领导小组办公室',
  leader: '责任局领导',
  unit_head: '单位负责人',
  responsible: '责任人',
  inspector: '执法检查人员',
} as const;
export type Role = keyof typeof ROLES;

export const personTemplateSchema = z
  .object({
    name: z.string().min(1),
    title: z.string(),
    unit: z.string().min(1),
    roles: z.array(z.enum(Object.keys(ROLES) as [Role, ...Role[]])).min(1),
    /** How the bot reaches them (any one): a mobile the contact API resolves, an email, or an open id. */
    mobile: z
      .string()
      .regex(/^1\d{10}$/)
      .optional(),
    email: z.email().max(120).optional(),
    openId: z
      .string()
      .regex(/^ou_[0-9a-zA-Z_-]{6,64}$/)
      .optional(),
  })
  .strict();

export const planTemplateSchema = z
  .object({
    bureau: z
      .object({
        name: z.string().min(1).max(60),
        shortName: z.string().min(1).max(30).optional(),
        region: z.string().min(1).max(60).optional(),
      })
      .strict(),
    document: z
      .object({
        /** 文号; empty in a plan not yet approved (the 组长 gives it when approving). */
        number: z.string().max(40),
        title: z.string().min(1).max(120),
        year: z.number().int().min(2000).max(2100),
      })
      .strict(),
    units: z.array(
      z
        .object({ name: z.string().min(1), kind: z.enum(['leadership', 'office', 'brigade', 'station']) })
        .strict(),
    ),
    people: z.array(personTemplateSchema),
    items: z.array(itemTemplateSchema).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const unitNames = new Set(t.units.map((u) => u.name));
    const people = new Set(t.people.map((p) => p.name));
    const unique = (values: unknown[], what: string) => {
      const dup = values.find((v, i) => values.indexOf(v) !== i);
      if (dup !== undefined) ctx.addIssue({ code: 'custom', message: `${what}重复：${String(dup)}` });
    };
    unique(
      t.items.map((i) => i.code),
      '事项代码',
    );
    unique(
      t.items.map((i) => i.seq),
      '事项序号',
    );
    unique(
      t.people.map((p) => p.name),
      '人员',
    );
    for (const p of t.people) {
      if (!unitNames.has(p.unit))
        ctx.addIssue({ code: 'custom', message: `人员 ${p.name} 的单位 ${p.unit} 不在单位列表中` });
    }
    for (const i of t.items) {
      if (!unitNames.has(i.section.unit))
        ctx.addIssue({
          code: 'custom',
          message: `事项 ${i.name} 的责任单位 ${i.section.unit} 不在单位列表中`,
        });
      for (const who of [i.section.leader, i.section.responsiblePerson]) {
        if (!people.has(who))
          ctx.addIssue({ code: 'custom', message: `事项 ${i.name} 的责任人员 ${who} 不在人员列表中` });
      }
    }
  });
export type PlanTemplate = z.infer<typeof planTemplateSchema>;

/** Where the item list and section 四 disagree; shown to users, never silently resolved. */
export interface Discrepancy {
  itemCode: string;
  field: 'ratio';
  list: string;
  sectionFour: string;
  resolution: string;
}

export function findDiscrepancies(template: PlanTemplate): Discrepancy[] {
  return template.items
    .filter((i) => i.ratioText !== i.section.ratioText)
    .map((i) => ({
      itemCode: i.code,
      field: 'ratio' as const,
      list: i.ratioText,
      sectionFour: i.section.ratioText,
      resolution: `以《随机抽查事项清单》为准：${i.ratioText}`,
    }));
}

/** A plan template checked: the plan, or every problem as `path：message` (`（根）` for the whole). */
export function checkPlanTemplate(
  json: unknown,
): { ok: true; plan: PlanTemplate } | { ok: false; problems: string[] } {
  const parsed = planTemplateSchema.safeParse(json);
  if (parsed.success) return { ok: true, plan: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '（根）'}：${i.message}`),
  };
}

/** Parses and validates a plan template; every problem is listed with its path. */
export function parsePlanTemplate(json: unknown, source = '计划模板'): PlanTemplate {
  const checked = checkPlanTemplate(json);
  if (!checked.ok) throw new Error(`${source} 无效：\n${checked.problems.map((p) => `  - ${p}`).join('\n')}`);
  return checked.plan;
}

/** Where a submitted version of a year's plan stands. */
export const PLAN_STATUSES = ['pending', 'approved', 'rejected', 'superseded', 'withdrawn'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
