import { createHash, hash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../canonical';
import { HashScratch, writeUtf8 } from '../prng';
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

/**
 * The canonical JSON of a pool or an officer list. Its entries have passed `inputsSchema`, so each is an
 * object of exactly these members holding strings, booleans, null and arrays of strings: JCS is then
 * `JSON.stringify` with the members in this (sorted) order — three times faster at 100,000 targets than
 * the general walk, which must first find every key and check every number.
 */
const POOL_KEYS = ['creditCode', 'creditLevel', 'lastInspected', 'lastInspectors', 'name', 'status'];
const OFFICER_KEYS = ['active', 'areas', 'key', 'name', 'unitName'];

const sha = (pieces: readonly Buffer[]) =>
  pieces.length === 1
    ? hash('sha256', pieces[0]!, 'hex')
    : pieces.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex');

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
const COMMA = Buffer.from(',');

/** The UTF-8 of the canonical JSON of pool entries (a whole pool, or a run of it as a snapshot stores it). */
export const canonicalPool = (entries: readonly InputsV2['pool'][number][]): Buffer =>
  Buffer.from(JSON.stringify(entries, POOL_KEYS), 'utf8');

/**
 * The canonical JSON of a pool from that of its consecutive runs, as pieces to hash in order (JCS of an
 * array is its members' forms joined by commas, in brackets): a pool read from stored runs is hashed as
 * read, not serialised, encoded or copied again (a third of a 100,000-target proposal's time).
 */
export function joinedPool(runs: readonly Buffer[]): Buffer[] {
  const pieces: Buffer[] = [OPEN];
  for (const run of runs) {
    if (run.length < 2 || run[0] !== OPEN[0] || run[run.length - 1] !== CLOSE[0])
      throw new Error('a run of a pool is not a JSON array');
    if (run.length === 2) continue; // an empty run adds nothing (and no comma)
    if (pieces.length > 1) pieces.push(COMMA);
    pieces.push(run.subarray(1, run.length - 1));
  }
  pieces.push(CLOSE);
  return pieces;
}

/**
 * SHA-256 of the canonical JSON of the pool, the officers, the recusal digests and the whole inputs
 * (which must have passed `inputsSchema`). JCS is compositional (an object is its members' canonical
 * forms in key order), so each large list is serialised and encoded once, hashed alone, and spliced
 * into the inputs' hash.
 */
export function hashInputsV2(inputs: InputsV2, encodedPool?: readonly Buffer[]): HashesV2 {
  // Each list encoded once (as pieces to hash in order): it is hashed twice (alone, and inside the inputs).
  const lists = new Map<string, readonly Buffer[]>([
    ['pool', encodedPool ?? [canonicalPool(inputs.pool)]],
    ['officers', [Buffer.from(JSON.stringify(inputs.officers, OFFICER_KEYS), 'utf8')]],
    ['recusalDigests', [Buffer.from(JSON.stringify(inputs.recusalDigests), 'utf8')]],
  ]);
  const whole = createHash('sha256').update('{');
  Object.keys(inputs)
    .sort()
    .forEach((k, i) => {
      whole.update(`${i ? ',' : ''}${JSON.stringify(k)}:`);
      const list = lists.get(k);
      if (list) list.forEach((piece) => whole.update(piece));
      else whole.update(canonicalJson((inputs as Record<string, unknown>)[k]));
    });
  return {
    pool: sha(lists.get('pool')!),
    officers: sha(lists.get('officers')!),
    recusals: sha(lists.get('recusalDigests')!),
    inputs: whole.update('}').digest('hex'),
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
 * SHA-256(tag ‖ secret (32 bytes) ‖ commitment (32 bytes) ‖ UTF-8 of the phrase), hex: a seed fixed by
 * a committed secret and a phrase typed only at the decision (a draw's, a reassignment's: their tags).
 */
export function taggedSeed(tag: Buffer, secretHex: string, commitmentHex: string, phrase: string): string {
  return hash(
    'sha256',
    Buffer.concat([
      tag,
      Buffer.from(secretHex, 'hex'),
      Buffer.from(commitmentHex, 'hex'),
      Buffer.from(phrase, 'utf8'),
    ]),
    'hex',
  );
}

/**
 * The draw's seed: SHA-256("ssj-draw-2/seed" ‖ 0x00 ‖ secret (32 bytes) ‖ commitment (32 bytes) ‖
 * UTF-8 of the approver's phrase). The secret was fixed and committed before anyone could know the
 * phrase; the phrase did not exist until the approval; neither side alone can pick the result.
 */
export const seedOf = (secretHex: string, commitmentHex: string, phrase: string): string =>
  taggedSeed(SEED_TAG, secretHex, commitmentHex, phrase);

/** Reused input buffers (one per kind: their heads stay the same from call to call). */
const scratch = { digest: new HashScratch(), salt: new HashScratch(), derived: new HashScratch() };
const DIGEST_HEAD = RECUSAL_TAG.length + 32;

/**
 * One target's recusal digest: SHA-256("ssj-draw-2/recusal" ‖ 0x00 ‖ salt (32 bytes) ‖ UTF-8 of the
 * canonical [creditCode, officerKeys]). Salted, so a digest says nothing — not even whether anyone
 * declared a conflict — until its salt is published with the drawn target. (The JCS of an array of
 * strings is its `JSON.stringify`.)
 */
export function recusalDigest(saltHex: string, creditCode: string, officerKeys: readonly string[]): string {
  const json = JSON.stringify([creditCode, officerKeys]);
  const { digest } = scratch;
  if (digest.prepare(saltHex, DIGEST_HEAD + json.length * 3)) {
    RECUSAL_TAG.copy(digest.buf, 0);
    digest.buf.write(saltHex, RECUSAL_TAG.length, 32, 'hex');
  }
  return digest.digest(DIGEST_HEAD + writeUtf8(digest.buf, json, DIGEST_HEAD), 'hex');
}

/**
 * The server's salt for a target: SHA-256(recusal key (32 bytes) ‖ UTF-8 of the credit code). Any 32
 * unpredictable bytes would do (verifiers only check digests); deriving them means only the key needs
 * keeping secret. (A keyed hash, not HMAC, for speed at 100,000 targets: length extension could only
 * yield salts of strings that continue a credit code with SHA padding bytes, which no pool holds.)
 */
export function recusalSalt(recusalKeyHex: string, creditCode: string): string {
  return saltOf(recusalKeyHex, creditCode, 'hex');
}

function saltOf(recusalKeyHex: string, creditCode: string, encoding: 'hex' | 'binary'): string {
  const { salt } = scratch;
  if (salt.prepare(recusalKeyHex, 32 + creditCode.length * 3)) salt.buf.write(recusalKeyHex, 0, 32, 'hex');
  return salt.digest(32 + writeUtf8(salt.buf, creditCode, 32), encoding);
}

/**
 * `recusalDigest(recusalSalt(key, code), code, officerKeys)`, with the salt's bytes put straight into the
 * digest's input: a proposal of 100,000 targets made each salt as hex only to parse it back (0.1 s).
 */
export function derivedRecusalDigest(
  recusalKeyHex: string,
  creditCode: string,
  officerKeys: readonly string[],
): string {
  const salt = saltOf(recusalKeyHex, creditCode, 'binary');
  const json = JSON.stringify([creditCode, officerKeys]);
  const { derived } = scratch;
  if (derived.prepare(RECUSAL_TAG, DIGEST_HEAD + json.length * 3)) RECUSAL_TAG.copy(derived.buf, 0);
  const buf = derived.buf;
  for (let i = 0; i < 32; i++) buf[RECUSAL_TAG.length + i] = salt.charCodeAt(i);
  return derived.digest(DIGEST_HEAD + writeUtf8(buf, json, DIGEST_HEAD), 'hex');
}
