import { TIME_ZONE } from './time-zone';

/** A calendar date in Beijing time, as `YYYY-MM-DD`; what the plan's "每年12月30日前" means. */
export type IsoDate = string;

export const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

export function isoDate(year: number, month: number, day: number): IsoDate {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`no such date: ${year}-${month}-${day}`);
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const shanghaiParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Beijing calendar date of an instant (never the host's time zone). */
export const shanghaiDate = (instant: Date): IsoDate => shanghaiParts.format(instant);

const shanghaiTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:mm` in Beijing time, as cards show when something happened. */
export const shanghaiDateTime = (instant: Date): string =>
  `${shanghaiDate(instant)} ${shanghaiTime.format(instant)}`;

/** Whole days from `from` to `to` (both YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const ms = (d: IsoDate) =>
    Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** The date `days` days after `date` (YYYY-MM-DD; negative: before). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days),
  );
  return d.toISOString().slice(0, 10);
}
