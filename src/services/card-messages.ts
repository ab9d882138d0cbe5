import { createHash } from 'node:crypto';
import type { Models } from '../adapters/db/models';
import { asDuplicateError } from '../adapters/db/errors';

/** A Feishu `uuid` (≤ 50 chars) derived from what the message is, so a resend of the same message is dropped. */
export const messageUuid = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40);

/** Remembers that card `messageId` shows `subject` (a draw or task number) as `kind`, so later changes reach it. */
export async function rememberCard(
  models: Models,
  messageId: string,
  subject: string,
  kind: string,
  now: Date,
) {
  try {
    await models.CardMessage.create({ messageId, subject, kind, at: now });
  } catch (err) {
    if (!asDuplicateError(err, 'card_messages')) throw err;
    await models.CardMessage.updateOne({ messageId }, { $set: { subject, kind } });
  }
}
