import type { Models } from '../adapters/db/models';
import { auditId, type AuditEntryDoc } from '../adapters/db/models/audit-entry';
import { asDuplicateError } from '../adapters/db/errors';
import { claim, receiptOf } from '../adapters/db/claim';
import {
  checkHeads,
  entryHash,
  GENESIS_HASH,
  payloadDigest,
  TAIL_LOST,
  verifyChain,
  type AuditRecord,
  type ChainHead,
  type ChainProblem,
  type PublishedHead,
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
 * Where the newest entry's number and hash are noted, `result: { seq, hash }` (a plain number before
 * hashes were noted). A hint appends walk forward from — writers racing may set it back a little — and a
 * promise: the entry it names was written and must stay. `{ seq: 0 }` is noted before the first entry.
 */
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
 *
 * The head note also names the newest entry's hash, and is a promise that it stays: an append that
 * replaces a note naming an entry the log no longer has (a tail deleted or rewritten by hand), or finds
 * the note gone, first writes its own entry, then one more (`TAIL_LOST`) putting the loss on record in
 * the chain — so appending on cannot hide it from `verifyAudit`.
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
    const noted = await readHead(models);
    head = noted && noted.seq > 0 ? await entryAt(models, noted.seq) : null;
    if (!noted && !(await entryAt(models, 1)))
      // An empty log: note its head before the first entry, so a note missing later means one deleted.
      await claim(models, HEAD, 'audit-head', now, { seq: 0, hash: GENESIS_HASH });
    else if (!head && noted?.seq !== 0)
      // The note is missing or ahead of the log (entries deleted): go on from the newest entry; the loss
      // goes on record once this entry is written (`headLost`).
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
    const before = await noteHead(models, { seq: fields.seq, hash: record.hash }, now);
    if (await headLost(models, before, record))
      await append(
        models,
        state,
        {
          actor: 'system:audit',
          action: TAIL_LOST,
          subject: 'audit-log',
          details: { noted: before, wrote: fields.seq },
        },
        now,
        maxAttempts,
      );
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
 * Notes the newest entry for other processes and restarts, and returns the note it replaced: set by
 * `_id` alone (a filter on `_id` and another field is a scan on FerretDB); writers racing may set it back
 * a little, which only makes the next walk a step longer.
 */
async function noteHead(models: Models, head: ChainHead, now: Date): Promise<ChainHead | null> {
  // No projection: FerretDB's findAndModify does not take one (the receipt is small anyway).
  const before = await models.Receipt.findOneAndUpdate(
    { _id: HEAD },
    { $set: { result: head, at: now } },
  ).lean();
  if (!before) await claim(models, HEAD, 'audit-head', now, head);
  return before ? asHead(before.result) : null;
}

/**
 * Whether the note an append replaced names an entry the log no longer has, or was missing: then
 * entries (or the note) were deleted or rewritten by hand. The usual note — this entry's predecessor —
 * costs no read; a note ahead or behind (a racing writer's) one read by `_id`.
 */
async function headLost(models: Models, before: ChainHead | null, wrote: AuditRecord): Promise<boolean> {
  if (!before) return wrote.seq > 1;
  if (before.seq === 0 || (before.seq === wrote.seq - 1 && before.hash === wrote.prevHash)) return false;
  const e = await entryAt(models, before.seq);
  return !e || (before.hash !== null && e.hash !== before.hash);
}

/** The head note: `{ seq, hash }`, a bare number (hash unknown) as noted before hashes were, or null. */
async function readHead(models: Models): Promise<ChainHead | null> {
  const r = await receiptOf(models, HEAD);
  return r ? asHead(r.result) : null;
}

function asHead(result: unknown): ChainHead {
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
