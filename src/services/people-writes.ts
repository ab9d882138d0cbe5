import { exclusively, type LockTimes } from '../adapters/db/claim';
import type { Models } from '../adapters/db/models';
import { DomainError } from '../domain/errors';

/**
 * People are written by an officer import, a plan applied and a binding confirmed, and their open ids
 * linked on the side by whoever first reaches them. FerretDB writes a document whole as it read it, so a
 * link written while an import set `active`, `conflicts` or an absence could undo them: an officer
 * deactivated or recused drawn after all. So the writers of people's own data go one at a time, and a
 * link is written only when none of them is writing; otherwise it waits for the next time (a link is a
 * shortcut: the person is found again by mobile or name).
 */
const PEOPLE = 'people';
/** An import of thousands of officers takes seconds; a holder is taken for dead only after minutes. */
const WRITER: LockTimes = { waitMs: 60_000, staleMs: 5 * 60_000 };
const LINK: LockTimes = { waitMs: 0, staleMs: WRITER.staleMs };

export const asPeopleWriter = <T>(models: Models, work: () => Promise<T>): Promise<T> =>
  exclusively(
    models,
    PEOPLE,
    work,
    () => new DomainError('PEOPLE_BUSY', '人员名单正在更新，请稍后再试'),
    WRITER,
  );

class Busy extends Error {}

/** Writes open-id links (`[person key, open id]`) unless people are being written; false if skipped. */
export async function keepOpenIds(models: Models, links: Iterable<[string, string]>): Promise<boolean> {
  const all = [...links];
  if (all.length === 0) return true;
  try {
    await exclusively(
      models,
      PEOPLE,
      async () => {
        for (const [key, openId] of all)
          await models.Person.updateOne({ key }, { $set: { feishuOpenId: openId } });
      },
      () => new Busy(),
      LINK,
    );
    return true;
  } catch (err) {
    if (err instanceof Busy) return false;
    throw err;
  }
}
