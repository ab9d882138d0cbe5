import type { Models } from '../adapters/db/models';
import type { AuditEntryDoc } from '../adapters/db/models/audit-entry';
import { asDuplicateError } from '../adapters/db/errors';
import {
  entryHash,
  GENESIS_HASH,
  payloadDigest,
  verifyChain,
  type AuditRecord,
  type ChainProblem,
} from '../domain/audit-chain';

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  details?: unknown;
  /**
   * Idempotency key: appending twice with the same key writes one entry (a retried state change,
   * after a crash between doing it and logging it, logs it once).
   */
  key?: string;
}

/**
 * Appends to the hash-chained audit log (全程留痕). Entry n+1 points at entry n's hash; the unique
 * index on `seq` lets exactly one writer take each number, so concurrent processes keep one chain
 * without transactions: a loser re-reads the head and tries the next number.
 */
export async function appendAudit(
  models: Models,
  input: AuditInput,
  now: Date,
  maxAttempts = 100,
): Promise<AuditRecord> {
  const details = input.details ?? {};
  const digest = payloadDigest(details);
  const existing = async () => {
    if (!input.key) return null;
    const e = await models.AuditEntry.findOne({ key: input.key }).lean();
    return e && toRecord(e);
  };
  const done = await existing();
  if (done) return done;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const head = await models.AuditEntry.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
    const fields = {
      seq: (head?.seq ?? 0) + 1,
      at: now.toISOString(),
      actor: input.actor,
      action: input.action,
      subject: input.subject,
      payloadDigest: digest,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const record: AuditRecord = { ...fields, hash: entryHash(fields), details };
    try {
      await models.AuditEntry.create({ ...record, at: now, key: input.key ?? `seq:${fields.seq}` });
      return record;
    } catch (err) {
      if (!asDuplicateError(err, 'audit_log')) throw err;
      // Lost the race for this number, or the same change was logged meanwhile.
      const logged = await existing();
      if (logged) return logged;
    }
  }
  throw new Error(`audit log: could not append after ${maxAttempts} attempts`);
}

/** Reads the whole chain in order and checks it; names every edited, deleted or moved entry. */
export async function verifyAudit(models: Models): Promise<{ count: number; problems: ChainProblem[] }> {
  const entries: AuditRecord[] = [];
  for await (const e of models.AuditEntry.find({}).sort({ seq: 1 }).lean().cursor())
    entries.push(toRecord(e));
  return { count: entries.length, problems: verifyChain(entries) };
}

/** The entries about one subject (a draw, a task), oldest first. */
export async function auditTrail(models: Models, subject: string): Promise<AuditRecord[]> {
  const entries = await models.AuditEntry.find({ subject }).sort({ seq: 1 }).lean();
  return entries.map(toRecord);
}

const toRecord = (e: AuditEntryDoc): AuditRecord => ({
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
