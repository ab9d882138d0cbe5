import type { Models } from '../adapters/db/models';
import { auditId, type AuditEntryDoc } from '../adapters/db/models/audit-entry';
import { receiptOf } from '../adapters/db/claim';
import {
  checkHeads,
  verifyChain,
  type AuditRecord,
  type ChainHead,
  type ChainProblem,
  type PublishedHead,
} from '../domain/audit-chain';

/** Reading the audit log (全程留痕): its head, a subject's trail, and the whole chain checked. Appends: audit.ts. */

/**
 * Where the newest entry's number and hash are noted, `result: { seq, hash }` (a plain number before
 * hashes were noted). A hint appends walk forward from — writers racing may set it back a little — and a
 * promise: the entry it names was written and must stay. `{ seq: 0 }` is noted before the first entry.
 */
export const HEAD = 'audit-head';

/** The head note: `{ seq, hash }`, a bare number (hash unknown) as noted before hashes were, or null. */
export async function readHead(models: Models): Promise<ChainHead | null> {
  const r = await receiptOf(models, HEAD);
  return r ? asHead(r.result) : null;
}

export function asHead(result: unknown): ChainHead {
  if (typeof result === 'number') return { seq: result, hash: null };
  const r = (result ?? {}) as { seq?: unknown; hash?: unknown };
  return {
    seq: typeof r.seq === 'number' ? r.seq : 0,
    hash: typeof r.hash === 'string' ? r.hash : null,
  };
}

/**
 * The newest entry, to publish (public page, monthly summary): walked forward from the head note.
 * Null for an empty log.
 */
export async function auditHead(models: Models): Promise<PublishedHead | null> {
  const at = (seq: number) =>
    models.AuditEntry.findOne({ _id: auditId(seq) }, { seq: 1, hash: 1, at: 1 }).lean();
  const noted = await readHead(models);
  let head = noted && noted.seq > 0 ? await at(noted.seq) : null;
  if (!head && noted?.seq !== 0)
    head = await models.AuditEntry.findOne({}, { seq: 1, hash: 1, at: 1 }).sort({ seq: -1 }).lean();
  for (let next = await at((head?.seq ?? 0) + 1); next; next = await at(next.seq + 1)) head = next;
  return head && { seq: head.seq, hash: head.hash, at: new Date(head.at).toISOString() };
}

/**
 * Reads the whole chain in order and checks it: names every edited, deleted or moved entry, a tail cut
 * off (the head note names an entry the log lacks, or a hash it does not have), a missing head note, and
 * any `published` head (`N:HASH` from the public page or a monthly summary) the log no longer has. The
 * note is read first: entries appended meanwhile only run ahead of it.
 */
export async function verifyAudit(
  models: Models,
  published: { seq: number; hash: string }[] = [],
): Promise<{ count: number; problems: ChainProblem[] }> {
  let noted: ChainHead | null | undefined = await readHead(models);
  const entries: AuditRecord[] = [];
  for await (const e of models.AuditEntry.find({}).sort({ seq: 1 }).lean().cursor())
    entries.push(toRecord(e));
  // No note, yet entries: missing, unless the log was just started (the note is written before entry 1).
  if (!noted && entries.length > 0 && (await readHead(models))) noted = undefined;
  return {
    count: entries.length,
    problems: [...verifyChain(entries), ...checkHeads(entries, noted, published)],
  };
}

/** The entries about one subject (a draw, a task), oldest first. */
export async function auditTrail(models: Models, subject: string): Promise<AuditRecord[]> {
  const entries = await models.AuditEntry.find({ subject }).sort({ seq: 1 }).lean();
  return entries.map(toRecord);
}

export const toRecord = (e: AuditEntryDoc): AuditRecord => ({
  seq: e.seq,
  at: new Date(e.at).toISOString(),
  actor: e.actor,
  action: e.action,
  subject: e.subject,
  payloadDigest: e.payloadDigest,
  prevHash: e.prevHash,
  hash: e.hash,
  details: e.details,
});
