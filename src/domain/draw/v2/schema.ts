import { z } from 'zod';
import { daysInMonth } from '../../calendar';

/**
 * The DRAW-2 record as data: every member, its type, its bounds and its order, in one zod schema that
 * the verifier applies before anything else (an unknown or missing member, a wrong version, a list out
 * of order is refused with its path) and from which docs/draw-record-2.schema.json is generated.
 * The rules are listed in docs/draw-algorithm.md §6.2; the checks that relate members to each other
 * (lists in order and unique, lengths that must agree, which parts a stage has) are in `recordRules`.
 */

export const ALGORITHM_V2 = 'DRAW-2';
export const RECORD_FORMAT_V2 = 'ssj-draw-record/2';

export const MAX_POOL = 200_000;
export const MAX_OFFICERS = 20_000;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制');
const text = (max: number) => z.string().min(1, '不能为空').max(max, `最多 ${max} 个字符`);
const int = (min: number, max: number) =>
  z.number().int('应为整数').min(min, `应不小于 ${min}`).max(max, `应不大于 ${max}`);

/** A Beijing calendar date that exists, 2000–2099. */
export const isoDateSchema = z
  .string()
  .regex(/^20\d\d-\d\d-\d\d$/, '应为 YYYY-MM-DD 格式的日期（北京时间，2000–2099 年）')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    return m >= 1 && m <= 12 && day >= 1 && day <= daysInMonth(y, m);
  }, '不是存在的日期');

const key = text(64);

/**
 * A list of 64-digit hex strings, checked in one pass over the list (a check per element costs zod
 * far more at 100,000 elements); the first bad one is reported with its index.
 */
const hexList = (max: number) =>
  z
    .array(z.string())
    .max(max)
    .check((ctx) => {
      const i = ctx.value.findIndex((v) => !/^[0-9a-f]{64}$/.test(v));
      if (i >= 0)
        ctx.issues.push({
          code: 'custom',
          message: '应为 64 位小写十六进制',
          input: ctx.value[i],
          path: [i],
        });
    });

/**
 * The version of the rules `targetSchema` applies: a pool snapshot checked under another version is
 * checked again. Bump it with any change to `targetSchema` (a test pins the schema to this number).
 */
export const TARGET_RULES_VERSION = 1;

export const targetSchema = z.strictObject({
  creditCode: text(64),
  name: text(200),
  creditLevel: z.enum(['A', 'B', 'C', 'D'], '信用等级应为 A、B、C、D 之一'),
  status: z.enum(['open', 'suspended', 'closed'], '经营状态应为 open、suspended、closed 之一'),
  lastInspected: isoDateSchema.nullable(),
  lastInspectors: z.array(key).max(20),
});

export const officerSchema = z.strictObject({
  key,
  name: text(100),
  unitName: text(100),
  active: z.boolean(),
  areas: z.array(text(64)).max(100),
});

export const ratioSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), bp: int(1, 10_000) }),
  z.strictObject({ kind: z.literal('range'), minBp: int(1, 10_000), maxBp: int(1, 10_000) }),
]);

export const inputsSchema = z.strictObject({
  algorithm: z.literal(ALGORITHM_V2, `算法版本应为 ${ALGORITHM_V2}`),
  drawNo: z.string().regex(/^CC20\d\d-\d\d-R\d{1,2}-\d{2,4}$/, '抽取编号格式应如 CC2026-04-R1-01'),
  itemCode: text(64),
  round: int(1, 12),
  drawDate: isoDateSchema,
  unit: text(100),
  ratio: ratioSchema,
  stratify: z.boolean(),
  excludeWithinDays: int(0, 3660),
  inspectorsPerTask: int(2, 10),
  allowOtherUnits: z.boolean(),
  pool: z.array(targetSchema).max(MAX_POOL),
  officers: z.array(officerSchema).max(MAX_OFFICERS),
  /** One per pool entry, in the pool's order: SHA-256 commitments to each target's recusal set. */
  recusalDigests: hexList(MAX_POOL),
});

const stratumName = z.enum(['A', 'B', 'C', 'D', '全部']);
const count = int(0, MAX_POOL);

export const noteSchema = z.discriminatedUnion('code', [
  z.strictObject({ code: z.literal('NOT_OPEN_EXCLUDED'), count }),
  z.strictObject({ code: z.literal('RECENT_SKIPPED'), stratum: stratumName, count, days: int(1, 3660) }),
  z.strictObject({ code: z.literal('RECENT_INCLUDED'), stratum: stratumName, count, days: int(1, 3660) }),
]);

export const reasonSchema = z.discriminatedUnion('code', [
  z.strictObject({ code: z.literal('NO_OPEN_TARGETS'), poolSize: count }),
  z.strictObject({
    code: z.literal('TOO_FEW_OFFICERS'),
    unit: text(100).nullable(),
    available: count,
    needed: int(2, 10),
  }),
]);

export const planSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    strata: z.array(z.strictObject({ stratum: stratumName, size: count, bp: int(1, 10_000), count })).max(4),
    notes: z.array(noteSchema).max(5),
  }),
  z.strictObject({ ok: z.literal(false), reason: reasonSchema }),
]);

export const selectionSchema = z.strictObject({
  creditCode: text(64),
  name: text(200),
  stratum: stratumName,
  inspectorKeys: z.array(key).min(2).max(10),
  /** The opening of this target's recusal digest: its salt and the officers who declared a conflict. */
  recusal: z.strictObject({ salt: hex64, officerKeys: z.array(key).max(MAX_OFFICERS) }),
});

/** Never a refusal: a proposal whose plan fails is never approved, and recusals were checked before (§2.4). */
export const resultSchema = z.strictObject({ selections: z.array(selectionSchema).max(MAX_POOL) });

export const recordSchema = z.strictObject({
  format: z.literal(RECORD_FORMAT_V2, `记录格式应为 ${RECORD_FORMAT_V2}`),
  inputs: inputsSchema,
  hashes: z.strictObject({ pool: hex64, officers: hex64, recusals: hex64, inputs: hex64 }),
  /** SHA-256 of the server's secret, published when the draw is proposed. */
  secretCommitment: hex64,
  /** SHA-256 of the canonical {format, inputs hash, secretCommitment}: what the proposal binds. */
  commitment: hex64,
  plan: planSchema,
  /** The approver's contribution, made at the approval; null before (or without) approval. */
  approval: z.strictObject({ phrase: z.string().min(1).max(100) }).nullable(),
  /** Revealed when the attempt ends (approved, rejected, cancelled, failed); null while it is live. */
  secret: hex64.nullable(),
  seed: hex64.nullable(),
  result: resultSchema.nullable(),
});

export type InputsV2 = z.infer<typeof inputsSchema>;
export type PlanV2 = z.infer<typeof planSchema>;
export type SelectionV2 = z.infer<typeof selectionSchema>;
export type ResultV2 = z.infer<typeof resultSchema>;
export type RecordV2 = z.infer<typeof recordSchema>;

/** A problem with a record's form: where (a JSON path such as `inputs.pool[3].creditLevel`) and what. */
export interface FormProblem {
  path: string;
  message: string;
}

export const pathText = (path: readonly PropertyKey[]): string =>
  path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${String(p)}`)).join('');

const strictlyIncreasing = (list: readonly string[]) => {
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) return i;
  return -1;
};

/**
 * The rules between members of the inputs, in this order (the first broken one is reported): the pool
 * in strictly increasing credit-code order (so no code twice), the officers likewise by key, every
 * target's `lastInspectors` and every officer's `areas` strictly increasing, no last inspection after
 * the draw date, a range ratio with minBp ≤ maxBp and stratification, one recusal digest per target.
 * `path` is where the inputs sit in the record.
 */
export function inputRules(inputs: InputsV2, path: PropertyKey[] = ['inputs']): FormProblem | null {
  const at = (p: PropertyKey[], message: string): FormProblem => ({
    path: pathText([...path, ...p]),
    message,
  });
  let i = strictlyIncreasing(inputs.pool.map((t) => t.creditCode));
  if (i >= 0) return at(['pool', i, 'creditCode'], '检查对象应按统一社会信用代码严格递增排列（不得重复）');
  i = strictlyIncreasing(inputs.officers.map((o) => o.key));
  if (i >= 0) return at(['officers', i, 'key'], '执法人员应按编号严格递增排列（不得重复）');
  for (const [n, t] of inputs.pool.entries()) {
    const j = strictlyIncreasing(t.lastInspectors);
    if (j >= 0) return at(['pool', n, 'lastInspectors', j], '上次检查人员应按编号严格递增排列（不得重复）');
    if (t.lastInspected !== null && t.lastInspected > inputs.drawDate)
      return at(['pool', n, 'lastInspected'], '上次检查日期不能晚于抽取日期');
  }
  for (const [n, o] of inputs.officers.entries()) {
    const j = strictlyIncreasing(o.areas);
    if (j >= 0) return at(['officers', n, 'areas', j], '可检查事项应严格递增排列（不得重复）');
  }
  if (inputs.ratio.kind === 'range') {
    if (inputs.ratio.minBp > inputs.ratio.maxBp) return at(['ratio', 'minBp'], '比例区间的下限不能大于上限');
    if (!inputs.stratify) return at(['stratify'], '比例为区间时必须按信用等级分层抽取');
  }
  if (inputs.recusalDigests.length !== inputs.pool.length)
    return at(['recusalDigests'], '回避承诺值的个数应与检查对象个数相同');
  return null;
}

const firstProblem = (issues: readonly { path: PropertyKey[]; message: string }[]): FormProblem => ({
  path: pathText(issues[0]!.path),
  message: issues[0]!.message,
});

/**
 * Inputs as the server assembles them, checked by the same schema and rules a verifier applies.
 * `poolChecked`: the pool's entries passed `poolProblem` already (a pool snapshot is checked once,
 * when it is built: at 100,000 targets the entries are most of a proposal's checking, 0.1–0.3 s) and the
 * recusal digests are the server's own, made once the inputs pass (placeholders here); the rules between
 * members, the pool's order among them, are checked here all the same.
 */
export function checkInputs(inputs: InputsV2, opts: { poolChecked?: boolean } = {}): FormProblem | null {
  const schema = opts.poolChecked ? inputsWithCheckedPool : inputsSchema;
  const parsed = schema.safeParse(inputs, { error: z.locales.zhCN().localeError });
  if (!parsed.success) return firstProblem(parsed.error.issues);
  return inputRules(parsed.data as InputsV2, []);
}

/**
 * A list whose entries are checked elsewhere, taken without a pass over them: zod visits every element of
 * even `z.array(z.custom())`, 0.1 s of a 100,000-target proposal with the digests' placeholders.
 */
const checkedList = <T>(what: string) =>
  z.custom<T[]>((v) => Array.isArray(v) && v.length <= MAX_POOL, `${what}最多 ${MAX_POOL} 个`);

/** The server's inputs: the snapshot's entries checked when it was built, the digests its own (made after). */
const inputsWithCheckedPool = inputsSchema.extend({
  pool: checkedList<InputsV2['pool'][number]>('检查对象'),
  recusalDigests: checkedList<string>('回避承诺值'),
});

/** The first entry of a pool that the record's schema refuses, with its path in the inputs (`pool[3].name`). */
export function poolProblem(pool: readonly unknown[]): FormProblem | null {
  const parsed = inputsSchema.shape.pool.safeParse(pool, { error: z.locales.zhCN().localeError });
  return parsed.success
    ? null
    : firstProblem(parsed.error.issues.map((i) => ({ ...i, path: ['pool', ...i.path] })));
}

/**
 * The record's rules: the inputs' (above), then the stage — a failed plan has no approval; an approval
 * comes with the secret, the seed and a result; a result only with an approval — and each opening's
 * officer keys strictly increasing and of listed officers.
 */
export function recordRules(r: RecordV2): FormProblem | null {
  const at = (path: PropertyKey[], message: string): FormProblem => ({ path: pathText(path), message });
  const inputProblem = inputRules(r.inputs);
  if (inputProblem) return inputProblem;
  const { inputs } = r;
  if (!r.plan.ok && r.approval !== null) return at(['approval'], '无法抽取的记录不应有审批');
  if (r.approval !== null) {
    if (r.secret === null) return at(['secret'], '已批准的记录应公开系统密钥');
    if (r.seed === null) return at(['seed'], '已批准的记录应给出随机种子');
    if (r.result === null) return at(['result'], '已批准的记录应给出抽取结果');
  } else {
    if (r.seed !== null) return at(['seed'], '未经批准的记录不应有随机种子');
    if (r.result !== null) return at(['result'], '未经批准的记录不应有抽取结果');
  }
  if (r.result) {
    const known = new Set(inputs.officers.map((o) => o.key));
    for (const [n, s] of r.result.selections.entries()) {
      const keys = s.recusal.officerKeys;
      const j = strictlyIncreasing(keys);
      if (j >= 0)
        return at(['result', 'selections', n, 'recusal', 'officerKeys', j], '回避人员应按编号严格递增排列');
      const unknown = keys.findIndex((k) => !known.has(k));
      if (unknown >= 0)
        return at(
          ['result', 'selections', n, 'recusal', 'officerKeys', unknown],
          '回避人员不在执法人员名单中',
        );
    }
  }
  return null;
}

/** Parses a record (any JSON value): the record, or the first problem with its form. */
export function parseRecordV2(
  raw: unknown,
): { ok: true; record: RecordV2 } | { ok: false; problem: FormProblem } {
  const parsed = recordSchema.safeParse(raw, { error: z.locales.zhCN().localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: { path: pathText(issue.path), message: issue.message } };
  }
  const problem = recordRules(parsed.data);
  return problem ? { ok: false, problem } : { ok: true, record: parsed.data };
}
