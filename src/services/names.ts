import type { Models } from '../adapters/db/models';

/** Names for person keys, falling back to the key's own text. */
export async function namesOf(models: Models, keys: string[]): Promise<(key: string) => string> {
  const people = await models.Person.find({ key: { $in: [...new Set(keys)] } }, { key: 1, name: 1 }).lean();
  const byKey = new Map(people.map((p) => [p.key, p.name]));
  return (key) => byKey.get(key) ?? keyText(key);
}

/** What a key says when no person has it: `name:彭世杰` → 彭世杰, `system:…` → 系统. */
export const keyText = (key: string): string =>
  key.startsWith('system:') ? '系统' : key.replace(/^\w+:/, '');
