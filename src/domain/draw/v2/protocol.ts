import { createHmac, hash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../canonical';
import { RECORD_FORMAT_V2, type InputsV2 } from './schema';

/**
 * The commit–reveal protocol of DRAW-2 (docs/draw-algorithm.md §2): what is hashed, committed and
 * combined, byte for byte. Nothing here is secret by itself; the server's secret and its recusal key
 * are inputs.
 */

export interface HashesV2 {
  pool: string;
  officers: string;
  recusals: string;
  inputs: string;
}

const LIST_MEMBERS = ['pool', 'officers', 'recusalDigests'] as const;

/**
 * SHA-256 of the canonical JSON of the pool, the officers, the recusal digests and the whole inputs.
 * JCS is compositional (an object is its members' canonical forms in key order), so each large list
 * is serialised once and spliced into the inputs' serialisation.
 */
export function hashInputsV2(inputs: InputsV2): HashesV2 {
  const lists = new Map<string, string>(LIST_MEMBERS.map((k) => [k, canonicalJson(inputs[k])]));
  const members = Object.keys(inputs)
    .sort()
    .map(
      (k) => `${JSON.stringify(k)}:${lists.get(k) ?? canonicalJson((inputs as Record<string, unknown>)[k])}`,
    );
  return {
    pool: sha256Hex(lists.get('pool')!),
    officers: sha256Hex(lists.get('officers')!),
    recusals: sha256Hex(lists.get('recusalDigests')!),
    inputs: sha256Hex(`{${members.join(',')}}`),
  };
}

/** SHA-256 of the secret's 32 bytes: published with the proposal. */
export const secretCommitmentOf = (secretHex: string): string => sha256Hex(Buffer.from(secretHex, 'hex'));

/** What a proposal binds: SHA-256 of the canonical {format, inputs (hash), secretCommitment}. */
export const commitmentOf = (inputsHash: string, secretCommitment: string): string =>
  sha256Hex(canonicalJson({ format: RECORD_FORMAT_V2, inputs: inputsHash, secretCommitment }));

const SEED_TAG = Buffer.from('ssj-draw-2/seed\0', 'utf8');
const RECUSAL_TAG = Buffer.from('ssj-draw-2/recusal\0', 'utf8');

/**
 * The draw's seed: SHA-256("ssj-draw-2/seed" ‖ 0x00 ‖ secret (32 bytes) ‖ commitment (32 bytes) ‖
 * UTF-8 of the approver's phrase). The secret was fixed and committed before anyone could know the
 * phrase; the phrase did not exist until the approval; neither side alone can pick the result.
 */
export function seedOf(secretHex: string, commitmentHex: string, phrase: string): string {
  return hash(
    'sha256',
    Buffer.concat([
      SEED_TAG,
      Buffer.from(secretHex, 'hex'),
      Buffer.from(commitmentHex, 'hex'),
      Buffer.from(phrase, 'utf8'),
    ]),
    'hex',
  );
}

/**
 * One target's recusal digest: SHA-256("ssj-draw-2/recusal" ‖ 0x00 ‖ salt (32 bytes) ‖ UTF-8 of the
 * canonical [creditCode, officerKeys]). Salted, so a digest says nothing — not even whether anyone
 * declared a conflict — until its salt is published with the drawn target.
 */
export function recusalDigest(saltHex: string, creditCode: string, officerKeys: readonly string[]): string {
  return hash(
    'sha256',
    Buffer.concat([
      RECUSAL_TAG,
      Buffer.from(saltHex, 'hex'),
      Buffer.from(canonicalJson([creditCode, [...officerKeys]]), 'utf8'),
    ]),
    'hex',
  );
}

/**
 * The server's salt for a target: HMAC-SHA256(recusal key, credit code). Any 32 unpredictable bytes
 * would do (verifiers only check digests); deriving them means only the key needs keeping secret.
 */
export const recusalSalt = (recusalKeyHex: string, creditCode: string): string =>
  createHmac('sha256', Buffer.from(recusalKeyHex, 'hex')).update(creditCode, 'utf8').digest('hex');
