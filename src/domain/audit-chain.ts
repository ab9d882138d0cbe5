import { shanghaiDateTime } from './calendar';
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
 * An entry named as the log's newest, to be found again later: by the database's head note (`hash`
 * null when the note predates hashes), or as published outside the database (a hash, or its first
 * 16+ hex digits, copied from the public page or a monthly summary).
 */
export interface ChainHead {
  seq: number;
  hash: string | null;
}

/** The newest entry as published: number, hash and time (ISO 8601). */
export interface PublishedHead {
  seq: number;
  hash: string;
  at: string;
}

/** How the public page, the summary card and its xlsx state the log's newest entry. */
export const describeHead = (h: PublishedHead): string =>
  `审计日志截至第 ${h.seq} 条，哈希 ${h.hash}（${shanghaiDateTime(new Date(h.at))}）`;

/** The head as a monthly summary (card and xlsx) states it, with what its readers may keep it for. */
export const headNotice = (h: PublishedHead): string =>
  `${describeHead(h)}。留存备查：据此可核对审计日志此后未被截短或改写（npm run verify-audit -- --head ${h.seq}:${h.hash}）。`;

/** `N:HASH` (as `verify-audit --head` takes it): an entry's number and 16–64 hex digits of its hash; null if not. */
export function parseHead(text: string): { seq: number; hash: string } | null {
  const m = /^(\d{1,12})[:：]([0-9a-fA-F]{16,64})$/.exec(text.trim());
  return m && Number(m[1]) > 0 ? { seq: Number(m[1]), hash: m[2]!.toLowerCase() } : null;
}

/**
 * The action of the entry an append writes when it finds that entries the head note named are gone
 * (or the note itself): the loss goes on record inside the chain, so appending on does not hide it.
 * `details`: `{ noted: ChainHead | null, wrote: n }`, n being the number just written.
 */
export const TAIL_LOST = 'audit.tail-lost';

const withHash = (hash: string | null) => (hash ? `（哈希 ${hash}）` : '');

function tailLostProblem(e: AuditRecord): string {
  const d = (e.details ?? {}) as { noted?: ChainHead | null; wrote?: number };
  const wrote = d.wrote ?? e.seq;
  if (!d.noted)
    return `第 ${e.seq} 条记录：写入第 ${wrote} 条时发现审计头记录缺失（被删除），此前的日志末尾无法在库内核对`;
  const { seq, hash } = d.noted;
  return seq >= wrote
    ? `第 ${e.seq} 条记录：写入第 ${wrote} 条时发现日志末尾缺少第 ${wrote} 条至第 ${seq} 条记录（当时记录的最新条目为第 ${seq} 条${hash ? `，哈希 ${hash}` : ''}），此后的记录接在第 ${wrote - 1} 条之后`
    : `第 ${e.seq} 条记录：写入第 ${wrote} 条时发现当时记录的最新条目第 ${seq} 条${withHash(hash)}已不在日志中（被删除或改写）`;
}

/**
 * Checks a chain read in `seq` order: numbering without gaps from 1, each entry pointing at its
 * predecessor's hash, each hash and digest matching the content. Names every entry that was
 * edited, deleted or moved, and every loss an append found and recorded (`TAIL_LOST`).
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
    if (e.action === TAIL_LOST) problems.push({ seq: e.seq, problem: tailLostProblem(e) });
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }
  return problems;
}

/**
 * Checks the end of a chain (read in `seq` order) against heads that named its newest entry: every
 * entry a head names must still be there with that hash (a published hash may be a prefix); entries
 * after it are fine (appends run ahead of the note; the log grew since a publication). `noted`: the
 * database's head note, `undefined` not to check it, `null` if it is missing — then only the
 * `published` heads can tell whether the tail is complete.
 */
export function checkHeads(
  entries: AuditRecord[],
  noted: ChainHead | null | undefined,
  published: { seq: number; hash: string }[] = [],
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const bySeq = new Map<number, AuditRecord>();
  for (const e of entries) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  const last = entries.reduce((n, e) => Math.max(n, e.seq), 0);
  if (noted === null && entries.length > 0)
    problems.push({
      seq: last + 1,
      problem:
        '审计头记录（audit-head）缺失（被删除）：无法在库内确认日志末尾是否完整，请用公示的审计头核对（--head 条数:哈希）',
    });
  if (noted && noted.seq > 0) {
    const e = bySeq.get(noted.seq);
    if (!e)
      problems.push({
        seq: noted.seq,
        problem:
          noted.seq > last
            ? `日志末尾缺少第 ${last + 1} 条至第 ${noted.seq} 条记录（记录的最新条目为第 ${noted.seq} 条${noted.hash ? `，哈希 ${noted.hash}` : ''}）`
            : `记录的最新条目第 ${noted.seq} 条${withHash(noted.hash)}不在日志中`,
      });
    else if (noted.hash && e.hash !== noted.hash)
      problems.push({
        seq: noted.seq,
        problem: `第 ${noted.seq} 条记录与审计头不符（审计头记录的哈希为 ${noted.hash}，日志中为 ${e.hash}）：日志末尾被删除后重写或被改写`,
      });
  }
  for (const h of published) {
    const e = bySeq.get(h.seq);
    const hash = h.hash.toLowerCase();
    if (!e)
      problems.push({
        seq: h.seq,
        problem: `日志与公示的审计头不一致：公示的第 ${h.seq} 条记录${withHash(hash)}不在日志中（日志${last ? `只到第 ${last} 条` : '为空'}）`,
      });
    else if (!e.hash.startsWith(hash))
      problems.push({
        seq: h.seq,
        problem: `日志与公示的审计头不一致：第 ${h.seq} 条记录的哈希为 ${e.hash}，公示的是 ${hash}`,
      });
  }
  return problems;
}
