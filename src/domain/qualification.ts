import { addDays, type IsoDate } from './calendar';

/**
 * Who may inspect (执法资格): an officer holding a valid 执法证 and at work over the task's window. The
 * draw reads this at proposal (docs/draw-algorithm.md §5.1: an excluded officer is `active: false`, with
 * the reason beside the record), `/人员` lists what is about to lapse.
 */

/** A period away from duty (休假, 停职) or from the unit (调离): `to` null for an open end. */
export interface Absence {
  kind: AbsenceKind;
  from: IsoDate;
  to: IsoDate | null;
}
export const ABSENCE_KINDS = ['leave', 'suspended', 'transferred'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

export const ABSENCE_WORDS: Record<AbsenceKind, string> = {
  leave: '休假',
  suspended: '停职',
  transferred: '调离',
};

/** What the draw needs of an officer to decide; certificate dates null when the roster has none. */
export interface Qualifying {
  active: boolean;
  certExpires: IsoDate | null;
  absence: Absence | null;
}

export const DISQUALIFICATIONS = ['CERT_EXPIRED', 'UNAVAILABLE'] as const;
export type Disqualification = (typeof DISQUALIFICATIONS)[number];

/**
 * Why an otherwise active officer may not be matched for tasks over `window` (both ends inclusive), or
 * null. Public, hence coarse: which kind of absence, and its dates, stay private (no personal details).
 * - `CERT_EXPIRED`: the 执法证 is no longer valid on the deadline (valid through its expiry date);
 * - `UNAVAILABLE`: a 休假/停职/调离 period overlaps the window.
 * An officer without recorded certificate dates is not excluded for that (`/人员` lists them to complete).
 */
export function disqualification(
  o: Qualifying,
  window: { from: IsoDate; to: IsoDate },
): Disqualification | null {
  if (!o.active) return null;
  if (o.certExpires !== null && o.certExpires < window.to) return 'CERT_EXPIRED';
  if (o.absence && overlaps(o.absence, window)) return 'UNAVAILABLE';
  return null;
}

/** Whether an absence has a day within `window` (both ends inclusive; an open end runs on). */
export const overlaps = (a: Absence, window: { from: IsoDate; to: IsoDate }): boolean =>
  a.from <= window.to && (a.to === null || a.to >= window.from);

export const DISQUALIFICATION_TEXT: Record<Disqualification, string> = {
  CERT_EXPIRED: '执法证在检查截止日前到期',
  UNAVAILABLE: '检查期间不在岗',
};

/**
 * The roster as a draw over `window` reads it: each person's `active` is whether they may be matched,
 * and those the roster lists as active but who may not are `excluded`, with the reason.
 */
export function qualify<P extends Qualifying & { key: string }>(
  people: readonly P[],
  window: { from: IsoDate; to: IsoDate },
): { people: P[]; excluded: (P & { reason: Disqualification })[] } {
  const excluded: (P & { reason: Disqualification })[] = [];
  const out = people.map((p) => {
    const reason = disqualification(p, window);
    if (!reason) return p;
    excluded.push({ ...p, reason });
    return { ...p, active: false };
  });
  return { people: out, excluded };
}

/** The note a draw's card and public page show of the officers it left out. */
export const exclusionNote = (excluded: readonly { name: string; reason: Disqualification }[]): string =>
  `${excluded.length} 名执法人员未参加本次匹配：${excluded
    .map((e) => `${e.name}（${DISQUALIFICATION_TEXT[e.reason]}）`)
    .join('、')}`;

/** Days before an expiry that `/人员` lists it and the unit head is reminded. */
export const EXPIRY_LIST_DAYS = 60;
export const EXPIRY_REMIND_DAYS = 30;

/** Whether a certificate expiring on `expires` is expired (`expired`) or lapses within `days` of `today`. */
export function expiryState(
  expires: IsoDate | null,
  today: IsoDate,
  days: number,
): 'expired' | 'soon' | null {
  if (expires === null) return null;
  if (expires < today) return 'expired';
  return expires <= addDays(today, days) ? 'soon' : null;
}
