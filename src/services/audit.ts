import type { Models } from '../adapters/db/models';
import { auditId, type AuditEntryDoc } from '../adapters/db/models/audit-entry';
import { asDuplicateError } from '../adapters/db/errors';
import { claim, receiptOf } from '../adapters/db/claim';
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

/** Where the newest entry's number is noted (a hint: appends walk forward from it). */
const HEAD = 'audit-head';
/** Which entry an idempotency key wrote: found by `_id`, where a lookup by `key` would scan the log. */
const keyReceipt = (key: string) => `audit-key:${key}`;

/** Per database: the newest entry this process knows of, and the tail of its queue of appends. */
const local = new WeakMap<Models, { head: { seq: number; hash: string } | null; tail: Promise<unknown> }>();

/**
 * Appends to the hash-chained audit log (全程留痕). Entry n+1 points at entry n's hash; the unique
 * `_id`/`seq` lets exactly one writer take each number, so concurrent processes keep one chain
 * without transactions: a loser walks on to the new head and tries the next number.
 *
 * Within a process appends go one at a time, from the head it last wrote or saw: eight workers racing
 * for each number only retried (and on FerretDB every retry costs reads). Every read is by `_id`
 * (FerretDB filters nothing else in SQL; a scan of the log per append made appends slower as the log
 * grew): the entry for a key through its receipt, the head walked forward until the next number is
 * free (entries are numbered without gaps).
 */
export function appendAudit(
  models: Models,
  input: AuditInput,
  now: Date,
  maxAttempts = 100,
): Promise<AuditRecord> {
  let state = local.get(models);
  if (!state) local.set(models, (state = { head: null, tail: Promise.resolve() }));
  const s = state;
  const run = s.tail.then(() => append(models, s, input, now, maxAttempts));
  s.tail = run.catch(() => undefined);
  return run;
}

async function append(
  models: Models,
  state: { head: { seq: number; hash: string } | null },
  input: AuditInput,
  now: Date,
  maxAttempts: number,
): Promise<AuditRecord> {
  const details = input.details ?? {};
  const digest = payloadDigest(details);
  if (input.key) {
    const done = await loggedFor(models, input.key);
    if (done) return done;
  }
  let head = state.head;
  // What this process wrote last is still there, unchanged (or the log was edited by hand: re-read it).
  if (head && (await entryAt(models, head.seq))?.hash !== head.hash) head = null;
  if (!head) {
    const noted = await receiptOf(models, HEAD);
    const n = typeof noted?.result === 'number' ? noted.result : 0;
    head = n > 0 ? await entryAt(models, n) : null;
    if (n > 0 && !head)
      // The note is ahead of the log (entries deleted by hand): start again from the newest entry.
      head = await models.AuditEntry.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
  }
  let keyClashes = 0;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    for (
      let next = await entryAt(models, (head?.seq ?? 0) + 1);
      next;
      next = await entryAt(models, next.seq + 1)
    )
      head = next;
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
      await models.AuditEntry.create({
        _id: auditId(fields.seq),
        ...record,
        at: now,
        key: input.key ?? `seq:${fields.seq}`,
      });
    } catch (err) {
      if (!asDuplicateError(err, 'audit_log')) throw err;
      // Another process took this number (walk on), or logged the same change meanwhile: its entry is
      // this number's, or (rarely: it is written under another) found by key after the number is free.
      if (input.key) {
        const taken = await models.AuditEntry.findOne({ _id: auditId(fields.seq) }).lean();
        const logged =
          taken?.key === input.key
            ? taken
            : taken || ++keyClashes < 3
              ? null
              : await models.AuditEntry.findOne({ key: input.key }).lean();
        if (logged) {
          await claim(models, keyReceipt(input.key), 'audit-key', now, logged.seq);
          return toRecord(logged);
        }
      }
      continue;
    }
    state.head = { seq: fields.seq, hash: record.hash };
    if (input.key) await claim(models, keyReceipt(input.key), 'audit-key', now, fields.seq);
    await noteHead(models, fields.seq, now);
    return record;
  }
  throw new Error(`audit log: could not append after ${maxAttempts} attempts`);
}

const entryAt = (models: Models, seq: number) =>
  models.AuditEntry.findOne({ _id: auditId(seq) }, { seq: 1, hash: 1 }).lean();

/** The entry a key wrote, if any: through its receipt, or (written before a crash took the receipt) none yet. */
async function loggedFor(models: Models, key: string): Promise<AuditRecord | null> {
  const r = await receiptOf(models, keyReceipt(key));
  if (typeof r?.result !== 'number') return null;
  const e = await models.AuditEntry.findOne({ _id: auditId(r.result) }).lean();
  return e && toRecord(e);
}

/**
 * Notes the newest number for other processes and restarts: set by `_id` alone (a filter on `_id` and
 * another field is a scan on FerretDB); writers racing may set it back a little, which only makes the
 * next walk a step longer.
 */
async function noteHead(models: Models, seq: number, now: Date): Promise<void> {
  const r = await models.Receipt.updateOne({ _id: HEAD }, { $set: { result: seq, at: now } });
  if (r.matchedCount === 0) await claim(models, HEAD, 'audit-head', now, seq);
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
