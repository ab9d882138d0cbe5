import { DuplicateError } from '../../domain/errors';

/** Maps a MongoDB duplicate-key error (E11000), as MongoDB and FerretDB both report it, to a DuplicateError. */
export function asDuplicateError(err: unknown, collection: string): DuplicateError | null {
  const e = err as {
    code?: number;
    keyValue?: Record<string, unknown>;
    message?: string;
    writeErrors?: { code?: number }[];
  };
  const isDup = e?.code === 11000 || e?.writeErrors?.some((w) => w.code === 11000);
  if (!isDup) return null;
  return new DuplicateError(collection, e.keyValue ?? {});
}

/** Runs a write and turns a duplicate-key failure into a DuplicateError; other errors pass through. */
export async function translateDuplicate<T>(collection: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw asDuplicateError(err, collection) ?? err;
  }
}
