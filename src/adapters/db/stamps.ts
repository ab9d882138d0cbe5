import { randomUUID } from 'node:crypto';
import type { Models } from './models';
import { upsertRetried } from './upsert';

/**
 * Says `id` changed (models/stamp.ts): after the change is written, so a reader that noted the old value
 * before reading reads again. Each call sets a value never used before; two at once lose nothing a reader
 * needs (whichever is kept is new to every reader). The first writers' concurrent upserts may collide on
 * the insert: the loser updates.
 */
export async function touchStamp(models: Models, id: string, now: Date): Promise<void> {
  await upsertRetried(models.Stamp, { _id: id }, { $set: { value: randomUUID(), at: now } });
}

/** The stamp's current value; '' before its first change. */
export async function readStamp(models: Models, id: string): Promise<string> {
  return (await models.Stamp.findOne({ _id: id }, { value: 1 }).lean())?.value ?? '';
}
