import type { Models } from '../adapters/db/models';
import { addDays, type IsoDate } from '../domain/calendar';
import { absenceOf } from './draw-snapshot';
import { EXPIRY_LIST_DAYS, expiryState, overlaps } from '../domain/qualification';
import type { RosterView } from '../../cards/roster-card';

/**
 * `/人员`: a unit's officers whose 执法证 has lapsed or lapses within 60 days, who are away now or soon,
 * and whose certificate dates the roster lacks — what a unit head fixes before the next draw leaves
 * them out. `unitName` null: every unit (the office).
 */
export async function rosterCheck(
  models: Models,
  unitName: string | null,
  today: IsoDate,
): Promise<RosterView> {
  const people = await models.Person.find(
    { roles: 'inspector', active: true, ...(unitName ? { unitName } : {}) },
    { _id: 0, name: 1, badgeNo: 1, unitName: 1, certExpires: 1, absence: 1 },
  ).lean();
  const horizon = addDays(today, EXPIRY_LIST_DAYS);
  const units = new Map<string, RosterView['units'][number]>();
  for (const p of [...people].sort((a, b) => (a.unitName + a.name < b.unitName + b.name ? -1 : 1))) {
    let u = units.get(p.unitName);
    if (!u)
      units.set(
        p.unitName,
        (u = { unitName: p.unitName, officers: 0, expired: [], soon: [], away: [], undated: [] }),
      );
    u.officers++;
    const who = { name: p.name, badgeNo: p.badgeNo ?? '' };
    const state = expiryState(p.certExpires ?? null, today, EXPIRY_LIST_DAYS);
    if (state === 'expired') u.expired.push({ ...who, date: p.certExpires! });
    else if (state === 'soon') u.soon.push({ ...who, date: p.certExpires! });
    else if (!p.certExpires) u.undated.push(who);
    const a = absenceOf(p.absence);
    if (a && overlaps(a, { from: today, to: horizon })) u.away.push({ ...who, absence: a });
  }
  return { today, days: EXPIRY_LIST_DAYS, scope: unitName, units: [...units.values()] };
}
