import { createHash } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import { asDuplicateError } from '../adapters/db/errors';
import { migrateOnce } from '../adapters/db/claim';
import { readNumbered } from '../adapters/db/numbered';

/** A Feishu `uuid` (≤ 50 chars) derived from what the message is, so a resend of the same message is dropped. */
export const messageUuid = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40);

const entryId = (subject: string, n: number) => `card:${subject}#${n}`;
const pointerId = (messageId: string) => `msg:${messageId}`;

/**
 * Remembers that card `messageId` shows `subject` (a draw or task number, a plan version) as `kind`, so
 * later changes reach it (the ledger's layout: models/card-message.ts). A new card costs two inserts: its
 * entry, then its pointer. A card remembered again (a retried send, another kind, or reused for another
 * subject) finds its pointer taken: its older entry is marked `moved`, the pointer names the new one.
 */
export async function rememberCard(
  models: Models,
  messageId: string,
  subject: string,
  kind: string,
  now: Date,
): Promise<void> {
  const ledger = models.CardMessage;
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
  const pointer = { messageId, subject, kind, at: now, entry };
  try {
    await ledger.collection.insertOne({ _id: pointerId(messageId), ...pointer } as never);
    return;
  } catch (err) {
    if (!asDuplicateError(err, 'card_copies')) throw err;
  }
  const before = await ledger.findOne({ _id: pointerId(messageId) }, { entry: 1 }).lean();
  if (before?.entry && before.entry !== entry)
    await ledger.updateOne({ _id: before.entry }, { $set: { moved: true } });
  await ledger.updateOne({ _id: pointerId(messageId) }, { $set: pointer });
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
  // A card remembered twice at once may have two live entries: the later one counts.
  const latest = new Map<string, string>();
  for (const e of entries) if (!e.moved) latest.set(e.messageId, e.kind);
  return [...latest]
    .filter(([, kind]) => !kinds || kinds.includes(kind))
    .map(([messageId, kind]) => ({ messageId, kind }));
}

const COPIED = 'migration:card-copies';

/**
 * Copies the ledger older versions kept in `card_messages` (one document per card, found by subject with
 * a scan) into the keyed one, in the order the cards were sent, then drops it. Once per database (a
 * receipt says so); an interrupted copy is finished by the next start (remembering a card is idempotent).
 */
export async function migrateCardLedger(models: Models, now = new Date()): Promise<number> {
  const done = await migrateOnce(models, COPIED, now, async () => {
    const old = models.CardMessage.db.collection('card_messages');
    const docs = await old.find({}).sort({ at: 1 }).toArray();
    for (const d of docs)
      await rememberCard(models, String(d.messageId), String(d.subject), String(d.kind), d.at as Date);
    if (docs.length) await old.drop();
    return { copied: docs.length };
  });
  return done?.copied ?? 0;
}
