import { getHolidaysInRange, isWorkday as officialWorkday } from 'chinese-days';
import { addDays, type IsoDate } from './calendar';
import { statutoryHolidays } from './statutory-holidays';

/**
 * 工作日 by the State Council's yearly holiday notice (statutory holidays and 调休 make-up days), from
 * the maintained `chinese-days` package. Its data ends with the last published notice (each December
 * for the next year). For a year it does not cover, `calendarCovers` is false and the calendar is
 * provisional: the statutory holidays of 《全国年节及纪念日放假办法》 are days off (computed:
 * statutory-holidays.ts), every other Monday–Friday is a working day, and 调休 is unknown — callers say so
 * with `PROVISIONAL_CALENDAR_NOTE`. Update: bump `chinese-days` after the notice (docs/schedules.md).
 */
const covered = new Map<number, boolean>();
export function calendarCovers(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  let known = covered.get(year);
  if (known === undefined) {
    // Every notice makes 元旦 a holiday; a year without any holiday in the data has no notice yet.
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    covered.set(year, known);
  }
  return known;
}

/** What to tell people about a day `calendarCovers` does not cover (its working days are provisional). */
export const PROVISIONAL_CALENDAR_NOTE = '节假日按法定节日推算，调休未知';

const statutory = new Map<number, ReadonlySet<IsoDate>>();
function isStatutoryHoliday(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  let days = statutory.get(year);
  if (days === undefined) {
    days = new Set(statutoryHolidays(year).map((h) => h.date));
    statutory.set(year, days);
  }
  return days.has(date);
}

export function isWorkday(date: IsoDate): boolean {
  if (calendarCovers(date)) return officialWorkday(date);
  if (isStatutoryHoliday(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The working day `n` working days after `date` (n < 0: before); n = 0 is `date` itself if it works, else the next. */
export function addWorkdays(date: IsoDate, n: number): IsoDate {
  const step = n < 0 ? -1 : 1;
  let d = date;
  if (n === 0) {
    while (!isWorkday(d)) d = addDays(d, 1);
    return d;
  }
  for (let left = Math.abs(n); left > 0;) {
    d = addDays(d, step);
    if (isWorkday(d)) left--;
  }
  return d;
}

/** The last working day on or before `date` (a deadline on a holiday is met by the working day before). */
export function workdayOnOrBefore(date: IsoDate): IsoDate {
  let d = date;
  while (!isWorkday(d)) d = addDays(d, -1);
  return d;
}

export function firstWorkdayOfMonth(year: number, month: number): IsoDate {
  return addWorkdays(`${year}-${String(month).padStart(2, '0')}-01`, 0);
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function workdaysBetween(from: IsoDate, to: IsoDate): number {
  if (from === to) return 0;
  const [a, b, sign] = from < to ? [from, to, 1] : [to, from, -1];
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkday(d)) n++;
  return sign * n;
}
