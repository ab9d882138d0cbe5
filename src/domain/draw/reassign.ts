import type { IsoDate } from '../calendar';
import type { Disqualification } from '../qualification';
import { canonicalJson, sha256Hex } from './canonical';
import { DrawRng } from './prng';
import { taggedSeed } from './v2/protocol';

/**
 * REASSIGN-1 (docs/draw-algorithm.md §8): one inspector of a dispatched task who can no longer go —
 * their 执法证 lapses before the deadline, or they are away — is replaced by a random match among the
 * officers who can, by the same commit-then-contribute protocol as a draw: the server commits to the
 * candidates and a secret when the need arises (published at once); the unit head's phrase, typed at
 * the decision, completes the seed. Neither alone can aim the replacement.
 */
export const REASSIGN_FORMAT = 'ssj-reassign/1';

/** An inspector of an unfinished task who can no longer go, and why (coarse: published). */
export interface Unfit {
  taskNo: string;
  itemCode: string;
  unitName: string;
  deadline: IsoDate;
  key: string;
  reason: Disqualification;
}

export interface ReassignInputs {
  taskNo: string;
  /** The key of the inspector replaced, and why (coarse, as a draw publishes it). */
  replaced: string;
  reason: Disqualification;
  /** The day the need was found (Beijing), and the task's deadline: the window candidates must cover. */
  date: IsoDate;
  deadline: IsoDate;
  /** Officer keys who may take the place, strictly increasing (UTF-16 code units). */
  candidates: string[];
}

/** SHA-256 of the canonical {format, inputs, secretCommitment}: what the published proposal binds. */
export const reassignCommitment = (inputs: ReassignInputs, secretCommitment: string): string =>
  sha256Hex(canonicalJson({ format: REASSIGN_FORMAT, inputs, secretCommitment }));

const SEED_TAG = Buffer.from('ssj-reassign-1/seed\0', 'utf8');

/** SHA-256("ssj-reassign-1/seed" ‖ 0x00 ‖ secret (32 bytes) ‖ commitment (32 bytes) ‖ UTF-8 phrase), hex. */
export const reassignSeed = (secretHex: string, commitmentHex: string, phrase: string): string =>
  taggedSeed(SEED_TAG, secretHex, commitmentHex, phrase);

/** The replacement: candidates[uniform(n)] of the DRAW-PRNG-1 stream with context `reassign/<taskNo>`. */
export function pickReplacement(
  seedHex: string,
  inputs: Pick<ReassignInputs, 'taskNo' | 'candidates'>,
): string {
  if (inputs.candidates.length === 0) throw new RangeError('no candidate to pick');
  return inputs.candidates[
    new DrawRng(seedHex, `reassign/${inputs.taskNo}`).uniform(inputs.candidates.length)
  ]!;
}

/** A published reassignment, decided. */
export interface ReassignRecord {
  inputs: ReassignInputs;
  secretCommitment: string;
  commitment: string;
  secret: string;
  phrase: string;
  seed: string;
  picked: string;
}

/** Checks a decided reassignment from what was published; the first broken link (in Chinese), or null. */
export function reassignProblem(r: ReassignRecord): string | null {
  const sorted = r.inputs.candidates.every((k, i, a) => i === 0 || a[i - 1]! < k);
  if (!sorted) return '候选人未按编号严格递增排列';
  if (r.inputs.candidates.includes(r.inputs.replaced)) return '被替换的检查人员出现在候选人中';
  if (sha256Hex(Buffer.from(r.secret, 'hex')) !== r.secretCommitment) return '系统密钥与其承诺值不符';
  if (reassignCommitment(r.inputs, r.secretCommitment) !== r.commitment) return '承诺值与公布的输入不符';
  if (reassignSeed(r.secret, r.commitment, r.phrase) !== r.seed) return '随机种子不能由系统密钥与随机码得出';
  if (pickReplacement(r.seed, r.inputs) !== r.picked) return '替换人员不是随机种子选中的那一位';
  return null;
}
