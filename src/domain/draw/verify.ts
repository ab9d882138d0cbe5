import { z } from 'zod';
import { RECORD_FORMAT, verifyRecord, type DrawRecord } from './record';
import { isoDateSchema, pathText, RECORD_FORMAT_V2 } from './v2/schema';
import { verifyRecordV2, type VerifiedStage, type VerifyCode } from './v2/record';
import { reassignProblem } from './reassign';

/**
 * The one verifier of published draw records, whatever their version (`npm run verify-draw`, `/验证`,
 * the public page's record): DRAW-2 records (`ssj-draw-record/2`) and the DRAW-1 records published
 * before it (`ssj-draw-record/1`). Any other value — another format, a missing or unknown member, a
 * wrong type — is 不一致 with the reason; it never throws.
 */

export type DrawVerdict =
  | {
      consistent: true;
      format: string;
      drawNo: string;
      stage: VerifiedStage;
      /** Decided 改派 the record carries, each re-checked (docs/draw-algorithm.md §10). */
      reassignments?: number;
    }
  | { consistent: false; code: VerifyCode | 'NOT_REVEALED' | 'REASSIGN_MISMATCH'; difference: string };

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制');
const str = z.string().max(1000);
const count = z.number().int().min(0);

/** DRAW-1's record, member by member (its lists may come in any order: DRAW-1 sorts them itself). */
const recordV1Schema = z.strictObject({
  format: z.literal(RECORD_FORMAT),
  inputs: z.strictObject({
    algorithm: z.literal('DRAW-1'),
    drawNo: str,
    itemCode: str,
    round: count,
    drawDate: isoDateSchema,
    unit: str,
    ratio: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('fixed'), bp: count.max(10_000) }),
      z.strictObject({ kind: z.literal('range'), minBp: count.max(10_000), maxBp: count.max(10_000) }),
    ]),
    stratify: z.boolean(),
    excludeWithinDays: count,
    inspectorsPerTask: count,
    allowOtherUnits: z.boolean(),
    pool: z.array(
      z.strictObject({
        creditCode: str,
        name: str,
        creditLevel: z.enum(['A', 'B', 'C', 'D']),
        status: z.enum(['open', 'suspended', 'closed']),
        lastInspected: isoDateSchema.nullable(),
        lastInspectors: z.array(str),
      }),
    ),
    officers: z.array(
      z.strictObject({
        key: str,
        name: str,
        unitName: str,
        active: z.boolean(),
        areas: z.array(str),
        conflicts: z.array(str),
      }),
    ),
  }),
  hashes: z.strictObject({ pool: hex64, officers: hex64, inputs: hex64 }),
  seedCommitment: hex64,
  seed: hex64.nullable(),
  result: z.discriminatedUnion('ok', [
    z.strictObject({
      ok: z.literal(true),
      selections: z.array(
        z.strictObject({ creditCode: str, name: str, stratum: str, inspectorKeys: z.array(str) }),
      ),
      strata: z.array(z.strictObject({ stratum: str, size: count, bp: count, count })),
      notes: z.array(str),
    }),
    z.strictObject({ ok: z.literal(false), reason: str }),
  ]),
});

const malformed = (difference: string): DrawVerdict => ({ consistent: false, code: 'MALFORMED', difference });

/** One decided 改派 as a record carries it: REASSIGN-1's inputs, its commitments, and what decided it. */
export const reassignmentSchema = z.strictObject({
  taskNo: str,
  inputs: z.strictObject({
    taskNo: str,
    replaced: str,
    reason: z.enum(['CERT_EXPIRED', 'UNAVAILABLE']),
    date: isoDateSchema,
    deadline: isoDateSchema,
    candidates: z.array(str).max(10_000),
  }),
  secretCommitment: hex64,
  commitment: hex64,
  secret: hex64,
  phrase: z.string().min(1).max(200),
  seed: hex64,
  picked: str,
});

/**
 * A drawn DRAW-2 record with the draw's decided 改派 (`reassignments`, optional): the draw verified as
 * it was approved, then each replacement from its published values alone.
 */
function withReassignments(raw: object & { reassignments: unknown }): DrawVerdict {
  const { reassignments, ...record } = raw;
  const verdict = verifyDrawRecord(record);
  if (!verdict.consistent) return verdict;
  const parsed = z
    .array(reassignmentSchema)
    .max(10_000)
    .safeParse(reassignments, { error: z.locales.zhCN().localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return malformed(`记录格式不对：reassignments.${pathText(issue.path)}：${issue.message}`);
  }
  if (verdict.stage !== 'drawn' && parsed.data.length > 0)
    return malformed('记录格式不对：未抽取的记录不应含改派');
  for (const r of parsed.data) {
    const problem = r.inputs.taskNo === r.taskNo ? reassignProblem(r) : '输入中的任务编号与改派的任务不符';
    if (problem)
      return {
        consistent: false,
        code: 'REASSIGN_MISMATCH',
        difference: `改派（任务 ${r.taskNo}）：${problem}`,
      };
  }
  return { ...verdict, reassignments: parsed.data.length };
}

/** Verifies any value read from a record file: 一致 with how far it goes, or 不一致 with the first problem. */
export function verifyDrawRecord(raw: unknown): DrawVerdict {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return malformed('记录格式不对：抽取记录应为一个 JSON 对象');
  const format = Object.hasOwn(raw, 'format') ? (raw as { format: unknown }).format : undefined;
  try {
    if (format === RECORD_FORMAT_V2 && Object.hasOwn(raw, 'reassignments'))
      return withReassignments(raw as object & { reassignments: unknown });
    if (format === RECORD_FORMAT_V2) {
      const v = verifyRecordV2(raw);
      return v.consistent
        ? { ...v, format: RECORD_FORMAT_V2, drawNo: (raw as { inputs: { drawNo: string } }).inputs.drawNo }
        : v;
    }
    if (format === RECORD_FORMAT) {
      const parsed = recordV1Schema.safeParse(raw, { error: z.locales.zhCN().localeError });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return malformed(`记录格式不对：${pathText(issue.path) || '（整个记录）'}：${issue.message}`);
      }
      const record = parsed.data as DrawRecord;
      if (record.seed === null)
        return {
          consistent: false,
          code: 'NOT_REVEALED',
          difference: '随机种子尚未公开（抽取派发后公开），暂时无法验证',
        };
      const v = verifyRecord(record);
      return v.consistent
        ? { consistent: true, format: RECORD_FORMAT, drawNo: record.inputs.drawNo, stage: 'drawn' }
        : { consistent: false, code: 'RESULT_MISMATCH', difference: v.difference };
    }
  } catch (err) {
    // Whatever slipped through the schema is still only a bad record, never a crash.
    return malformed(`记录无法处理：${(err as Error).message}`);
  }
  return malformed(
    `记录格式不对：format 应为 ${RECORD_FORMAT_V2} 或 ${RECORD_FORMAT}，实际为 ${JSON.stringify(format) ?? '（缺少）'}`,
  );
}

/** A verdict as one line of Chinese (the CLI's output, the chat card's and the browser's wording). */
export function verdictText(v: DrawVerdict): string {
  if (!v.consistent) return `不一致：${v.difference}`;
  switch (v.stage) {
    case 'drawn':
      return v.format === RECORD_FORMAT
        ? `一致：抽取 ${v.drawNo} 的结果可由公开的输入与随机种子完全重现（DRAW-1）。`
        : `一致：抽取 ${v.drawNo} 的结果可由公开的输入、系统密钥与审批随机码完全重现。${
            v.reassignments
              ? `其后 ${v.reassignments} 次改派，每次的替换人员均可由公开的候选人、系统密钥与单位负责人的随机码重现。`
              : ''
          }`;
    case 'ended':
      return `一致：抽取 ${v.drawNo} 未经批准即结束，没有抽取结果；公开的系统密钥与发起时的承诺相符。`;
    case 'proposed':
      return `一致（待批准）：抽取 ${v.drawNo} 的输入与发起时公布的承诺相符；结果在批准后才产生，届时可完整核验。`;
  }
}
