import { createHash } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import { asDuplicateError } from '../adapters/db/errors';
import { claim, hasReceipt } from '../adapters/db/claim';
import { readNumbered } from '../adapters/db/numbered';

/** A Feishu `uuid` (≤ 50 chars) derived from what the message is, so a resend of the same message is dropped. */
export const messageUuid = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40);

const entryId = (subject: string, n: number) => `card:${subject}#${n}`;
const pointerId = (messageId: string) => `msg:${messageId}`;

/**
 * Remembers that card `messageId` shows `subject` (a draw or task number, a plan version) as `kind`, so
 * later changes reach it (the ledger's layout: models/card-message.ts). Remembering it again is a no-op;
 * for another subject, the card leaves its old subject's list.
 */
export async function rememberCard(
  models: Models,
  messageId: string,
  subject: string,
  kind: string,
  now: Date,
): Promise<void> {
  const ledger = models.CardMessage;
  const pointer = await ledger.findOne({ _id: pointerId(messageId) }).lean();
  if (pointer?.subject === subject && pointer.entry) {
    if (pointer.kind !== kind)
      await Promise.all(
        [pointer._id, pointer.entry].map((_id) => ledger.updateOne({ _id }, { $set: { kind } })),
      );
    return;
  }
  if (pointer?.entry) await ledger.updateOne({ _id: pointer.entry }, { $set: { moved: true } });
  let entry = '';
  for (let n = 1; !entry; n++) {
    try {
      await ledger.collection.insertOne({
        _id: entryId(subject, n),
        messageId,
        subject,
        kind,
        at: now,
      } as never);
      entry = entryId(subject, n);
    } catch (err) {
      if (!asDuplicateError(err, 'card_copies')) throw err;
    }
  }
  await ledger.updateOne(
    { _id: pointerId(messageId) },
    { $set: { messageId, subject, kind, at: now, entry } },
    { upsert: true },
  );
}

/**
 * The cards showing `subject` now (of the given kinds), each message once: its list read by `_id`, a few
 * entries at a time.
 */
export async function cardsOf(
  models: Models,
  subject: string,
  kinds?: readonly string[],
): Promise<{ messageId: string; kind: string }[]> {
  const entries = await readNumbered(1, (n) =>
    models.CardMessage.findOne({ _id: entryId(subject, n) }).lean(),
  );
  const seen = new Set<string>();
  return entries
    .filter((e) => !e.moved && (!kinds || kinds.includes(e.kind)))
    .filter((e) => !seen.has(e.messageId) && !!seen.add(e.messageId))
    .map((e) => ({ messageId: e.messageId, kind: e.kind }));
}

const COPIED = 'migration:card-copies';

/**
 * Copies the ledger older versions kept in `card_messages` (one document per card, found by subject with
 * a scan) into the keyed one, in the order the cards were sent, then drops it. Once per database (a
 * receipt says so); an interrupted copy is finished by the next start (remembering a card is idempotent).
 */
export async function migrateCardLedger(models: Models, now = new Date()): Promise<number> {
  if (await hasReceipt(models, COPIED)) return 0;
  const db = models.CardMessage.db;
  const old = db.collection('card_messages');
  const docs = await old.find({}).sort({ at: 1 }).toArray();
  for (const d of docs)
    await rememberCard(models, String(d.messageId), String(d.subject), String(d.kind), d.at as Date);
  await claim(models, COPIED, 'migration', now, { copied: docs.length });
  if (docs.length) await old.drop();
  return docs.length;
}
