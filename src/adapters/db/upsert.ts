import type { Model, UpdateQuery } from 'mongoose';
import { asDuplicateError } from './errors';

/**
 * Creates or updates the one document matching `filter` with `fields`, recording the actor. Two
 * replicas seeding at once can race on the insert; the loser's E11000 is retried as an update.
 * Not for contended read-modify-write (see claim.ts).
 */
export async function upsertOne<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  fields: Record<string, unknown>,
  actor: string,
): Promise<void> {
  await upsertRetried(model, filter, {
    $set: { ...fields, updatedBy: actor },
    $setOnInsert: { createdBy: actor },
  });
}

/** `update` as an upsert of the one document matching `filter`: an insert lost to another writer's is retried as an update. */
export async function upsertRetried<T>(
  model: Model<T>,
  filter: Record<string, unknown>,
  update: UpdateQuery<T>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await model.updateOne(filter, update, { upsert: true });
      return;
    } catch (err) {
      if (attempt >= 3 || !asDuplicateError(err, model.collection.name)) throw err;
    }
  }
}
