import { canonicalJson, sha256Hex, sortedBy } from './canonical';
import { firstDifference } from './compare';
import { runDraw, type DrawFailure, type DrawInputs, type DrawResult } from './engine';

export const RECORD_FORMAT = 'ssj-draw-record/1';

/** What is published for a draw: its inputs with their hashes, the seed commitment, the seed once revealed, the result. */
export interface DrawRecord {
  format: typeof RECORD_FORMAT;
  inputs: DrawInputs;
  hashes: DrawHashes;
  /** SHA-256 of the seed's 32 bytes, shown to the approver before approval. */
  seedCommitment: string;
  /** Revealed on dispatch; null before. */
  seed: string | null;
  result: DrawResult | DrawFailure;
}

export interface DrawHashes {
  pool: string;
  officers: string;
  inputs: string;
}

/**
 * The three published hashes: of the pool in credit-code order, of the officers in key order, and of
 * all the inputs with both lists so ordered. JCS is compositional (an object is its members' canonical
 * forms in key order), so each list is serialised once and spliced into the inputs' serialisation.
 */
export function hashInputs(inputs: DrawInputs): DrawHashes {
  const lists: Record<string, string> = {
    pool: canonicalJson(sortedBy(inputs.pool, (t) => t.creditCode)),
    officers: canonicalJson(sortedBy(inputs.officers, (o) => o.key)),
  };
  const members = Object.keys(inputs)
    .sort()
    .map((k) => {
      const value = (inputs as unknown as Record<string, unknown>)[k];
      return `${JSON.stringify(k)}:${lists[k] ?? canonicalJson(value)}`;
    });
  return {
    pool: sha256Hex(lists.pool!),
    officers: sha256Hex(lists.officers!),
    inputs: sha256Hex(`{${members.join(',')}}`),
  };
}

export const seedCommitment = (seedHex: string) => sha256Hex(Buffer.from(seedHex, 'hex'));

/** Makes the record of a draw: runs it and hashes its inputs; `reveal` decides whether the seed is included. */
export function makeRecord(inputs: DrawInputs, seedHex: string, reveal: boolean): DrawRecord {
  return {
    format: RECORD_FORMAT,
    inputs,
    hashes: hashInputs(inputs),
    seedCommitment: seedCommitment(seedHex),
    seed: reveal ? seedHex : null,
    result: runDraw(inputs, seedHex),
  };
}

export type Verdict = { consistent: true } | { consistent: false; difference: string };

/**
 * Re-checks a published record from scratch (no database, no network): the revealed seed against its
 * commitment, each hash against the inputs, and the result against a fresh run of DRAW-1.
 * Names the first difference.
 */
export function verifyRecord(record: DrawRecord): Verdict {
  const no = (difference: string): Verdict => ({ consistent: false, difference });
  if (record.format !== RECORD_FORMAT)
    return no(`记录格式应为 ${RECORD_FORMAT}，实际为 ${String(record.format)}`);
  if (!record.seed) return no('随机种子尚未公开（抽取派发后公开），暂时无法验证');
  if (!/^[0-9a-f]{64}$/.test(record.seed)) return no('随机种子格式不对（应为 64 位小写十六进制）');
  if (seedCommitment(record.seed) !== record.seedCommitment)
    return no('公开的随机种子与批准前公示的种子承诺（seedCommitment）不符');
  let hashes: DrawHashes;
  try {
    hashes = hashInputs(record.inputs);
  } catch (err) {
    return no(`输入数据无法规范化：${(err as Error).message}`);
  }
  const { pool, officers, inputs } = hashes;
  if (pool !== record.hashes.pool) return no('检查对象名录（pool）与其哈希 hashes.pool 不符');
  if (officers !== record.hashes.officers) return no('执法人员名录（officers）与其哈希 hashes.officers 不符');
  if (inputs !== record.hashes.inputs) return no('抽取输入（inputs）与其哈希 hashes.inputs 不符');
  const fresh = runDraw(record.inputs, record.seed);
  const diff = firstDifference(record.result, fresh, 'result');
  return diff ? no(`抽取结果与重新计算的结果不一致：${diff}`) : { consistent: true };
}
