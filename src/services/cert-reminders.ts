import { hasReceipt } from '../adapters/db/claim';
import type { Models } from '../adapters/db/models';
import { addDays, type IsoDate } from '../domain/calendar';
import { EXPIRY_REMIND_DAYS } from '../domain/qualification';
import { idPart } from '../domain/text';
import { isWorkday } from '../domain/workdays';
import { receiptKey, type SendOf } from './schedule-types';

/**
 * 执法证 reminders: each certificate that lapses within 30 days (or has lapsed unnoticed) is told once to
 * its unit's heads on a working day — or, without a head, its 责任人 — so it is renewed before draws leave the officer out.
 * One card per person per day; one receipt per certificate (officer and expiry date) and person, so a
 * renewed certificate is reminded of again when its new date nears.
 */
export async function certExpirySends(
  models: Models,
  day: IsoDate,
  roster: readonly Rostered[],
  problems: string[],
): Promise<SendOf<'cert-expiry'>[]> {
  // Like every reminder, on working days only: one falling on a weekend waits for Monday.
  if (!isWorkday(day)) return [];
  const horizon = addDays(day, EXPIRY_REMIND_DAYS);
  const people = roster.filter((p) => p.active);
  const due = people.filter(
    (p) => p.roles.includes('inspector') && p.certExpires && p.certExpires <= horizon,
  );
  const sends = new Map<string, SendOf<'cert-expiry'>>();
  for (const o of due.sort((a, b) => (a.certExpires! < b.certExpires! ? -1 : 1))) {
    const to = keepersOf(people, o.unitName);
    if (to.length === 0) {
      problems.push(`${o.unitName}没有负责人或责任人，无法提醒 ${o.name} 的执法证到期`);
      continue;
    }
    for (const head of to) {
      const receipt = `cert-expiry-${idPart(o.key)}-${o.certExpires}-${idPart(head.key)}`;
      if (await hasReceipt(models, receiptKey(receipt))) continue;
      const id = `cert-expiry-${day}-${idPart(head.key)}`;
      const send =
        sends.get(id) ??
        sends.set(id, { id, kind: 'cert-expiry', to: head.key, officers: [], receipts: [] }).get(id)!;
      send.officers.push({
        name: o.name,
        badgeNo: o.badgeNo ?? '',
        unitName: o.unitName,
        expires: o.certExpires!,
      });
      send.receipts.push(receipt);
    }
  }
  return [...sends.values()];
}

/**
 * The roster as the day's planning reads it, once: for the certificate reminders, 改派, and addressing
 * every card (names, open ids, mobiles to link) — on FerretDB each read of it is a scan.
 */
export const rosterOf = (models: Models) =>
  models.Person.find(
    {},
    {
      _id: 0,
      key: 1,
      name: 1,
      badgeNo: 1,
      unitName: 1,
      roles: 1,
      active: 1,
      certExpires: 1,
      absence: 1,
      mobile: 1,
      feishuOpenId: 1,
    },
  ).lean();
export type Rostered = Awaited<ReturnType<typeof rosterOf>>[number];

/** Who keeps a unit's roster and work: its heads (`unit_head`), or without one its 责任人. */
export function keepersOf<P extends { unitName: string; roles: string[] }>(
  people: readonly P[],
  unitName: string,
): P[] {
  const heads = people.filter((p) => p.unitName === unitName && p.roles.includes('unit_head'));
  return heads.length
    ? heads
    : people.filter((p) => p.unitName === unitName && p.roles.includes('responsible'));
}
