import { firstDifference } from '../compare';
import { planV2, selectV2, SelectionProblem, type Opening } from './draw';
import {
  commitmentOf,
  derivedRecusalDigest,
  hashInputsV2,
  recusalDigest,
  recusalSalt,
  secretCommitmentOf,
  seedOf,
  type HashesV2,
} from './protocol';
import {
  parseRecordV2,
  RECORD_FORMAT_V2,
  type InputsV2,
  type PlanV2,
  type RecordV2,
  type SelectionV2,
} from './schema';

/** What a proposal publishes at once: the inputs with their hashes, the commitments and the plan. */
export interface ProposalV2 {
  inputs: InputsV2;
  hashes: HashesV2;
  secretCommitment: string;
  commitment: string;
  plan: PlanV2;
}

/** Who declared a conflict with a target: officer keys (any order, repeats allowed; listed officers only count). */
export type ConflictsOf = (creditCode: string) => readonly string[];

/** The recusal set of a target as committed: listed officers who declared a conflict, in key order, once each. */
function recusalSet(
  officerKeys: ReadonlySet<string>,
  conflictsOf: ConflictsOf,
  creditCode: string,
): string[] {
  const declared = conflictsOf(creditCode);
  if (declared.length === 0) return [];
  return [...new Set(declared)].filter((k) => officerKeys.has(k)).sort();
}

/**
 * Builds a proposal: one salted recusal digest per target (salts from the server's recusal key), the
 * hashes, the commitment to the server's secret and the plan. `inputs` are in record order already.
 */
export function proposeV2(
  inputs: Omit<InputsV2, 'recusalDigests'>,
  secretHex: string,
  recusalKeyHex: string,
  conflictsOf: ConflictsOf,
  /** The pool's canonical JSON in pieces, when the caller read it as such (`joinedPool`): not made again. */
  encodedPool?: readonly Buffer[],
): ProposalV2 {
  const listed = new Set(inputs.officers.map((o) => o.key));
  const recusalDigests = inputs.pool.map((t) =>
    derivedRecusalDigest(recusalKeyHex, t.creditCode, recusalSet(listed, conflictsOf, t.creditCode)),
  );
  const full: InputsV2 = { ...inputs, recusalDigests };
  const hashes = hashInputsV2(full, encodedPool);
  const secretCommitment = secretCommitmentOf(secretHex);
  return {
    inputs: full,
    hashes,
    secretCommitment,
    commitment: commitmentOf(hashes.inputs, secretCommitment),
    plan: planV2(full),
  };
}

/** The approved draw: its seed and selections (the server's side; openings from its own conflicts). */
export function drawV2(
  proposal: ProposalV2,
  secretHex: string,
  phrase: string,
  recusalKeyHex: string,
  conflictsOf: ConflictsOf,
): { seed: string; selections: SelectionV2[] } {
  const seed = seedOf(secretHex, proposal.commitment, phrase);
  const listed = new Set(proposal.inputs.officers.map((o) => o.key));
  const selections = selectV2(proposal.inputs, seed, (code) => ({
    salt: recusalSalt(recusalKeyHex, code),
    officerKeys: recusalSet(listed, conflictsOf, code),
  }));
  return { seed, selections };
}

/** The record of a proposal at a stage: live (nothing revealed), ended unapproved (secret), or drawn. */
export function recordV2(
  proposal: ProposalV2,
  revealed: { secret: string | null; phrase?: string; seed?: string; selections?: SelectionV2[] } = {
    secret: null,
  },
): RecordV2 {
  const drawn = revealed.phrase !== undefined && revealed.seed !== undefined && revealed.selections;
  return {
    format: RECORD_FORMAT_V2,
    inputs: proposal.inputs,
    hashes: proposal.hashes,
    secretCommitment: proposal.secretCommitment,
    commitment: proposal.commitment,
    plan: proposal.plan,
    approval: drawn ? { phrase: revealed.phrase! } : null,
    secret: revealed.secret,
    seed: drawn ? revealed.seed! : null,
    result: drawn ? { selections: revealed.selections! } : null,
  };
}

/** Why a record does not verify: a fixed code, with the first difference in Chinese. */
export type VerifyCode =
  | 'MALFORMED'
  | 'HASH_MISMATCH'
  | 'COMMITMENT_MISMATCH'
  | 'PLAN_MISMATCH'
  | 'SECRET_MISMATCH'
  | 'SEED_MISMATCH'
  | 'RECUSAL_MISMATCH'
  | 'RESULT_MISMATCH';

/** How far a consistent record goes: a live proposal, an attempt ended without approval, or a draw. */
export type VerifiedStage = 'proposed' | 'ended' | 'drawn';

export type VerdictV2 =
  { consistent: true; stage: VerifiedStage } | { consistent: false; code: VerifyCode; difference: string };

const HASH_LABELS: Record<keyof HashesV2, string> = {
  pool: '检查对象名录（inputs.pool）与 hashes.pool 不符',
  officers: '执法人员名单（inputs.officers）与 hashes.officers 不符',
  recusals: '回避承诺值（inputs.recusalDigests）与 hashes.recusals 不符',
  inputs: '抽取输入（inputs）与 hashes.inputs 不符',
};

/**
 * Checks a DRAW-2 record from scratch (no database, no network), in the order of the spec (§6.3):
 * form, hashes, commitment, plan; then, once revealed, the secret, the seed, each drawn target's
 * recusal opening and the selection. Names the first problem; never throws.
 */
export function verifyRecordV2(raw: unknown): VerdictV2 {
  const no = (code: VerifyCode, difference: string): VerdictV2 => ({ consistent: false, code, difference });
  const parsed = parseRecordV2(raw);
  if (!parsed.ok)
    return no(
      'MALFORMED',
      `记录格式不对：${parsed.problem.path || '（整个记录）'}：${parsed.problem.message}`,
    );
  const r = parsed.record;
  const hashes = hashInputsV2(r.inputs);
  for (const k of ['pool', 'officers', 'recusals', 'inputs'] as const)
    if (hashes[k] !== r.hashes[k]) return no('HASH_MISMATCH', HASH_LABELS[k]);
  if (commitmentOf(hashes.inputs, r.secretCommitment) !== r.commitment)
    return no('COMMITMENT_MISMATCH', '发起承诺值（commitment）与输入哈希和密钥承诺不符');
  const planDiff = firstDifference(r.plan, planV2(r.inputs), 'plan');
  if (planDiff) return no('PLAN_MISMATCH', `抽取计划与重新计算的不一致：${planDiff}`);
  if (r.secret === null) return { consistent: true, stage: 'proposed' };
  if (secretCommitmentOf(r.secret) !== r.secretCommitment)
    return no('SECRET_MISMATCH', '公开的系统密钥与发起时公布的密钥承诺（secretCommitment）不符');
  if (r.approval === null) return { consistent: true, stage: 'ended' };
  const seed = seedOf(r.secret, r.commitment, r.approval.phrase);
  if (seed !== r.seed) return no('SEED_MISMATCH', `随机种子应为 ${seed}，记录中为 ${r.seed}`);

  const published = new Map(r.result!.selections.map((s) => [s.creditCode, s.recusal]));
  let badOpening: string | null = null;
  const openingOf = (code: string, index: number): Opening | null => {
    const o = published.get(code);
    if (!o) return null;
    if (recusalDigest(o.salt, code, o.officerKeys) !== r.inputs.recusalDigests[index]) {
      badOpening ??= code;
      return null;
    }
    return o;
  };
  let fresh: SelectionV2[];
  try {
    fresh = selectV2(r.inputs, seed, openingOf);
  } catch (err) {
    if (badOpening)
      return no('RECUSAL_MISMATCH', `抽中的检查对象 ${badOpening} 公开的回避人员与发起时的回避承诺值不符`);
    if (err instanceof SelectionProblem) return no('RESULT_MISMATCH', err.message);
    throw err;
  }
  // Compared member by member (no texts: two 4 MB strings per verification); the path of the first
  // difference is looked for only when they differ.
  if (sameSelections(r.result!.selections, fresh)) return { consistent: true, stage: 'drawn' };
  const diff = firstDifference(r.result!.selections, fresh, 'result.selections');
  return no('RESULT_MISMATCH', `抽取结果与重新计算的结果不一致：${diff ?? 'result.selections'}`);
}

const sameKeys = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((k, i) => k === b[i]);

/** Every member compared below: a member added to the schema fails to compile here until it is compared. */
const COMPARED = {
  selection: { creditCode: true, name: true, stratum: true, inspectorKeys: true, recusal: true },
  recusal: { salt: true, officerKeys: true },
} satisfies {
  selection: Record<keyof SelectionV2, true>;
  recusal: Record<keyof SelectionV2['recusal'], true>;
};
void COMPARED;

/** Whether two lists of selections (both validated) are the same. */
function sameSelections(a: readonly SelectionV2[], b: readonly SelectionV2[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.creditCode !== y.creditCode ||
      x.name !== y.name ||
      x.stratum !== y.stratum ||
      !sameKeys(x.inspectorKeys, y.inspectorKeys) ||
      x.recusal.salt !== y.recusal.salt ||
      !sameKeys(x.recusal.officerKeys, y.recusal.officerKeys)
    )
      return false;
  }
  return true;
}
