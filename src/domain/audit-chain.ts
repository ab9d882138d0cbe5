import { canonicalJson, sha256Hex } from './draw/canonical';

/** The first entry's `prevHash`. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  /** ISO 8601 instant. */
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** SHA-256 of the canonical JSON of the entry's details. */
  payloadDigest: string;
  prevHash: string;
}

export interface AuditRecord extends AuditFields {
  hash: string;
  details: unknown;
}

/** An entry's hash: SHA-256 of the canonical JSON of every field but the hash and the details (covered by their digest). */
export const entryHash = (e: AuditFields): string =>
  sha256Hex(
    canonicalJson({
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      payloadDigest: e.payloadDigest,
      prevHash: e.prevHash,
    }),
  );

export const payloadDigest = (details: unknown): string => sha256Hex(canonicalJson(details));

export interface ChainProblem {
  seq: number;
  problem: string;
}

/**
 * Checks a chain read in `seq` order: numbering without gaps from 1, each entry pointing at its
 * predecessor's hash, each hash and digest matching the content. Names every entry that was
 * edited, deleted or moved.
 */
export function verifyChain(entries: AuditRecord[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  for (const e of entries) {
    if (e.seq !== expectedSeq) {
      problems.push({
        seq: expectedSeq,
        problem:
          e.seq > expectedSeq
            ? `第 ${expectedSeq}–${e.seq - 1} 条记录缺失（被删除）`
            : `第 ${e.seq} 条记录重复`,
      });
    }
    if (payloadDigest(e.details) !== e.payloadDigest)
      problems.push({ seq: e.seq, problem: `第 ${e.seq} 条记录的内容被修改（摘要不符）` });
    if (entryHash(e) !== e.hash)
      problems.push({ seq: e.seq, problem: `第 ${e.seq} 条记录被修改（哈希不符）` });
    if (e.prevHash !== prev)
      problems.push({
        seq: e.seq,
        problem: `第 ${e.seq} 条记录与前一条衔接不上（被删除、插入或调换了顺序）`,
      });
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }
  return problems;
}
