import type { Models } from '../adapters/db/models';
import { auditId } from '../adapters/db/models/audit-entry';
import { asHead, HEAD, readHead, toRecord } from './audit-read';
import { asDuplicateError } from '../adapters/db/errors';
import { claim, receiptOf } from '../adapters/db/claim';
import {
  entryHash,
  GENESIS_HASH,
  payloadDigest,
  TAIL_LOST,
  type AuditRecord,
  type ChainHead,
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
  /**
   * The caller checks a receipt of its own before appending with `key` (a scheduled send): a repeat can
   * then only follow a crash between the two, so the key's receipt (a write per entry, for a fast
   * repeat) is not written, and a repeat finds the entry by the key itself.
   */
  guarded?: boolean;
}

/** Which entry an idempotency key wrote: found by `_id`, where a lookup by `key` would scan the log. */
const keyReceipt = (key: string) => `audit-key:${key}`;

/** Notes which entry an input's key wrote, unless it has none or its caller guards it (`guarded`). */
const noteKey = (models: Models, input: AuditInput, seq: number, now: Date) =>
  input.key && !input.guarded ? claim(models, keyReceipt(input.key), 'audit-key', now, seq) : null;

/** An append waiting in this process's queue, and its caller. */
interface Pending {
  input: AuditInput;
  now: Date;
  resolve: (r: AuditRecord) => void;
  reject: (err: unknown) => void;
}
type Head = { seq: number; hash: string };
/** Per database: the newest entry this process knows of, the appends waiting, and whether a writer runs. */
interface Local {
  head: Head | null;
  queue: Pending[];
  writing: boolean;
}
const local = new WeakMap<Models, Local>();
const MAX_ATTEMPTS = 100;
/** Appends written together at most: the reads each write needs are paid once for all of them. */
const MAX_BATCH = 64;

/**
 * Appends to the hash-chained audit log (全程留痕). Entry n+1 points at entry n's hash; the unique
 * `_id`/`seq` lets exactly one writer take each number, so concurrent processes keep one chain
 * without transactions: a loser walks on to the new head and tries the next number.
 *
 * Within a process one writer appends, from the head it last wrote or saw, and takes every append
 * waiting at once (a group commit): the checks a write needs — the head still there, nothing appended
 * past it, the note replaced — are read once per group, where one at a time they capped the whole
 * process (a reminder fan-out sent 12 cards a second, each waiting for its entry). Every read is by
 * `_id` (FerretDB filters nothing else in SQL): the head this process wrote checked once per group;
 * only when a number is found taken, the log walked forward until the next one is free (entries are
 * numbered without gaps); and only when the unique `key` refuses an entry, a change logged before, the
 * key's entry through its receipt.
 *
 * The head note also names the newest entry's hash, and is a promise that it stays: an append that
 * replaces a note naming an entry the log no longer has (a tail deleted or rewritten by hand), or finds
 * the note gone, first writes its own entries, then one more (`TAIL_LOST`) putting the loss on record
 * in the chain — so appending on cannot hide it from `verifyAudit`.
 */
export function appendAudit(models: Models, input: AuditInput, now: Date): Promise<AuditRecord> {
  let state = local.get(models);
  if (!state) local.set(models, (state = { head: null, queue: [], writing: false }));
  const s = state;
  return new Promise<AuditRecord>((resolve, reject) => {
    s.queue.push({ input, now, resolve, reject });
    if (!s.writing) void write(models, s);
  });
}

/** The process's one writer: groups of waiting appends until none wait. */
async function write(models: Models, state: Local): Promise<void> {
  state.writing = true;
  try {
    while (state.queue.length > 0) {
      const group = state.queue.splice(0, MAX_BATCH);
      try {
        await appendGroup(models, state, group);
      } catch (err) {
        // Settling twice is a no-op: only those not yet answered get the error.
        for (const p of group) p.reject(err);
      }
    }
  } finally {
    state.writing = false;
  }
}

async function appendGroup(models: Models, state: Local, group: Pending[]): Promise<void> {
  // The same key twice in one group is written once. A key logged before (a retry) is not looked up
  // first: the entry's unique `key` index refuses it, and only then is the entry found (below).
  const todo: Pending[] = [];
  const byKey = new Map<string, Pending[]>();
  for (const p of group) {
    const key = p.input.key;
    const same = key ? byKey.get(key) : undefined;
    if (same) same.push(p);
    else {
      if (key) byKey.set(key, [p]);
      todo.push(p);
    }
  }
  const settle = (p: Pending, r: AuditRecord) => {
    for (const q of (p.input.key && byKey.get(p.input.key)) || [p]) q.resolve(r);
  };

  if (todo.length === 0) return;
  let head = await startingHead(models, state, todo[0]!.now);
  let walk = false;
  // Attempts in a row that wrote nothing (each found its number taken): a group makes progress while others
  // append too, so only a run of failures is a fault.
  for (
    let i = 0, attempt = 0, before = 0;
    i < todo.length;
    attempt = i > before ? 0 : attempt + 1, before = i
  ) {
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`audit log: could not append after ${MAX_ATTEMPTS} attempts`);
    // The first attempt writes at once after the head: a number taken since (another process appended)
    // refuses the insert, and only then is the log walked — a read of the next number per group saved.
    if (walk)
      for (
        let next = await entryAt(models, (head?.seq ?? 0) + 1);
        next;
        next = await entryAt(models, next.seq + 1)
      )
        head = next;
    walk = true;
    // A stretch of numbers this writer took in a row; a number found taken ends it (walk on).
    const stretch: { p: Pending; record: AuditRecord }[] = [];
    for (; i < todo.length; i++) {
      const { input, now } = todo[i]!;
      const details = input.details ?? {};
      const fields = {
        seq: (head?.seq ?? 0) + 1,
        at: now.toISOString(),
        actor: input.actor,
        action: input.action,
        subject: input.subject,
        payloadDigest: payloadDigest(details),
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
        // The number is taken (another process appended: walk on; or it logged this same change), or,
        // the number being free, the key is: this change was logged before — found through the key's
        // receipt, or (a crash took the receipt) by the key itself.
        const taken = await models.AuditEntry.findOne({ _id: auditId(fields.seq) }).lean();
        const logged = !input.key
          ? null
          : taken
            ? taken.key === input.key
              ? toRecord(taken)
              : null
            : await loggedBefore(models, input.key);
        if (logged) {
          await noteKey(models, input, logged.seq, now);
          settle(todo[i++]!, logged);
        }
        break;
      }
      head = state.head = { seq: fields.seq, hash: record.hash };
      stretch.push({ p: todo[i]!, record });
    }
    if (stretch.length === 0) continue;
    const last = stretch[stretch.length - 1]!;
    await Promise.all(stretch.map(({ p, record }) => noteKey(models, p.input, record.seq, p.now)));
    const before = await noteHead(models, { seq: last.record.seq, hash: last.record.hash }, last.p.now);
    const first = stretch[0]!.record;
    const lost = await headLost(models, before, first, last.record.seq);
    if (lost) {
      const note: Pending = {
        input: {
          actor: 'system:audit',
          action: TAIL_LOST,
          subject: 'audit-log',
          details: { noted: before, wrote: first.seq },
        },
        now: last.p.now,
        resolve: () => undefined,
        reject: () => undefined,
      };
      await appendGroup(models, state, [note]);
      head = state.head;
    }
    // Answered once the loss, if any, is on record after them.
    for (const { p, record } of stretch) settle(p, record);
  }
}

/**
 * Where a group starts: the head this process wrote last if still there unchanged, else (the log was
 * edited by hand, or this process has not written yet) the noted head, or the newest entry when the note
 * is missing or ahead of the log — the loss then goes on record once an entry is written (`headLost`).
 */
async function startingHead(models: Models, state: Local, now: Date): Promise<Head | null> {
  const head = state.head;
  if (head && (await entryAt(models, head.seq))?.hash === head.hash) return head;
  const noted = await readHead(models);
  const found = noted && noted.seq > 0 ? await entryAt(models, noted.seq) : null;
  if (found) return found;
  if (!noted && !(await entryAt(models, 1))) {
    // An empty log: note its head before the first entry, so a note missing later means one deleted.
    await claim(models, HEAD, 'audit-head', now, { seq: 0, hash: GENESIS_HASH });
    return null;
  }
  if (noted?.seq === 0) return null;
  return models.AuditEntry.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
}

const entryAt = (models: Models, seq: number) =>
  models.AuditEntry.findOne({ _id: auditId(seq) }, { seq: 1, hash: 1 }).lean();

/**
 * The entry a key wrote, once its insert was refused for the key: through the key's receipt, else (a
 * crash took the receipt) by the key itself — a scan of the log, paid only then.
 */
async function loggedBefore(models: Models, key: string): Promise<AuditRecord | null> {
  const r = await receiptOf(models, keyReceipt(key));
  const e =
    (typeof r?.result === 'number'
      ? await models.AuditEntry.findOne({ _id: auditId(r.result) }).lean()
      : null) ?? (await models.AuditEntry.findOne({ key }).lean());
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
 * Whether the note a stretch of entries (`first` … `lastSeq`, written in a row) replaced names an entry
 * the log no longer has, or was missing: then entries (or the note) were deleted or rewritten by hand. The
 * usual note — the entry before the stretch — costs no read; a note naming a number in the stretch named
 * an entry that was not there when it was taken; a note ahead or behind (a racing writer's) one read by
 * `_id`.
 */
async function headLost(
  models: Models,
  before: ChainHead | null,
  first: AuditRecord,
  lastSeq: number,
): Promise<boolean> {
  if (!before) return first.seq > 1;
  if (before.seq === 0 || (before.seq === first.seq - 1 && before.hash === first.prevHash)) return false;
  if (before.seq >= first.seq && before.seq <= lastSeq) return true;
  const e = await entryAt(models, before.seq);
  return !e || (before.hash !== null && e.hash !== before.hash);
}
