import type { Models } from '../adapters/db/models';
import { keepOpenIds } from './people-writes';
import type { Actor } from '../domain/permissions';
import type { Role } from '../domain/plan-template';
import type { Directory } from '../adapters/feishu/directory';

/** What the bot may ask the platform about people (the Feishu contact API; the emulator in tests). */
export type { Directory };

/** A mobile as the contact API takes it: without the +86 country code. */
export const normalMobile = (m: string | null | undefined) => (m ? m.replace(/^\+?86/, '') : null);

type PersonLean = {
  key: string;
  name: string;
  unitName: string;
  roles: string[];
  feishuOpenId?: string | null;
};
/** A person of the people data as who is acting. */
export const toActor = (p: PersonLean): Actor => ({
  key: p.key,
  name: p.name,
  unitName: p.unitName,
  roles: p.roles as Role[],
});

/**
 * Who is writing to the bot: the person already linked to this open id; else the person whose mobile
 * the platform reports for the user, or the only person of that name. The link is kept. Null: the
 * user is not in the bureau's people data, and may do nothing but ask for help.
 */
export async function actorForOpenId(models: Models, dir: Directory, openId: string): Promise<Actor | null> {
  const linked = await models.Person.findOne({ feishuOpenId: openId }).lean();
  if (linked) return toActor(linked);
  const user = await dir.userByOpenId(openId);
  if (!user) return null;
  const mobile = normalMobile(user.mobile);
  let person = mobile ? await models.Person.findOne({ mobile }).lean() : null;
  if (!person) {
    const named = await models.Person.find({ name: user.name }).limit(2).lean();
    // Two people of one name cannot be told apart by name: they need a mobile in the people data.
    if (named.length === 1) person = named[0]!;
  }
  if (!person) return null;
  await keepOpenIds(models, [[person.key, openId]]);
  return toActor(person);
}

/** The open id to reach a person by: the linked one, else looked up by their mobile (and kept). */
export async function openIdForPerson(models: Models, dir: Directory, key: string): Promise<string | null> {
  const person = await models.Person.findOne({ key }).lean();
  if (!person) return null;
  if (person.feishuOpenId) return person.feishuOpenId;
  const mobile = normalMobile(person.mobile);
  if (!mobile) return null;
  const openId = (await dir.openIdsByMobile([mobile])).get(mobile) ?? null;
  if (openId) await keepOpenIds(models, [[key, openId]]);
  return openId;
}

/**
 * Links many people to their open ids at once (one contact call per 50 mobiles), so a fan-out of cards
 * does not spend the app's API budget looking people up one by one.
 */
export async function linkOpenIds(
  models: Models,
  dir: Directory,
  keys: string[],
  /** The people as the caller already read them (a planning run's roster): none read again. */
  known?: readonly { key: string; mobile?: string | null; feishuOpenId?: string | null }[],
): Promise<Map<string, string>> {
  const wanted = new Set(keys);
  const people = known
    ? known.filter((p) => wanted.has(p.key) && !p.feishuOpenId && p.mobile)
    : await models.Person.find(
        { key: { $in: [...wanted] }, feishuOpenId: null, mobile: { $ne: null } },
        { key: 1, mobile: 1 },
      ).lean();
  const linked = new Map<string, string>();
  if (people.length === 0) return linked;
  const found = await dir.openIdsByMobile(people.map((p) => normalMobile(p.mobile)!));
  for (const p of people) {
    const openId = found.get(normalMobile(p.mobile)!);
    if (openId) linked.set(p.key, openId);
  }
  await keepOpenIds(models, linked);
  return linked;
}

/** The open id of the person the plan names (by name, and unit when given), or null if they cannot be reached. */
export async function openIdByName(
  models: Models,
  dir: Directory,
  name: string,
  unitName?: string,
): Promise<string | null> {
  const person = await personByName(models, name, unitName);
  return person ? openIdForPerson(models, dir, person.key) : null;
}

/** The person the plan names (责任局领导, 责任人) by name and unit, or by name alone when unique. */
export async function personByName(models: Models, name: string, unitName?: string): Promise<Actor | null> {
  const found = await models.Person.find(unitName ? { name, unitName } : { name })
    .limit(2)
    .lean();
  return found.length === 1 ? toActor(found[0]!) : null;
}

/** The active people holding a role of the plan (the office, the 组长…): whom to ask or tell as that role. */
export async function peopleWithRole(models: Models, role: Role): Promise<{ key: string; name: string }[]> {
  return models.Person.find({ roles: role, active: true }, { _id: 0, key: 1, name: 1 }).lean();
}
