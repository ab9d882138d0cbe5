import { Lunar } from 'lunar-typescript';
import { addDays, isoDate, type IsoDate } from './calendar';

export type StatutoryHoliday = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';

interface Revision {
  /** First year it applies to. */
  from: number;
  /** 春节's days, as days from 正月初一 (-1: 除夕). */
  springFestival: number[];
  /** 劳动节's days of May. */
  labourDay: number[];
  /** 清明节、端午节、中秋节 are holidays. */
  traditional: boolean;
}

/**
 * 全体公民放假的节日 by 《全国年节及纪念日放假办法》第二条, newest revision first. Every revision keeps
 * 元旦 (1 Jan) and 国庆节 (1–3 Oct); 清明节 is the solar term's day, 端午节 五月初五, 中秋节 八月十五.
 * The older revisions are here only so the rule can be checked against every year the holiday data covers.
 */
const REVISIONS: readonly Revision[] = [
  // 2024-11-10 第四次修订（国务院令第795号），2025-01-01 施行: 春节 4 天（农历除夕、正月初一至初三），
  // 劳动节 2 天（5月1日、2日）.
  { from: 2025, springFestival: [-1, 0, 1, 2], labourDay: [1, 2], traditional: true },
  // 2013-12-11 第三次修订（国务院令第644号）: 春节 3 天（农历正月初一、初二、初三）.
  { from: 2014, springFestival: [0, 1, 2], labourDay: [1], traditional: true },
  // 2007-12-14 第二次修订（国务院令第513号）: 春节 3 天（农历除夕、正月初一、初二），劳动节 1 天，
  // 清明节、端午节、中秋节各 1 天.
  { from: 2008, springFestival: [-1, 0, 1], labourDay: [1], traditional: true },
  // 1999-09-18 第一次修订: 春节 3 天（正月初一至初三），劳动节 3 天（5月1日至3日）.
  { from: -Infinity, springFestival: [0, 1, 2], labourDay: [1, 2, 3], traditional: false },
];

/**
 * The statutory days off (全体公民放假的节日) of a Gregorian year, by the law in force that year, in date
 * order: the fixed-date ones, and the lunar ones and 清明 computed with `lunar-typescript` (astronomical
 * new moons and solar terms in Beijing time; independent of the host's time zone). What the law leaves to
 * the State Council's yearly notice is not here: 调休 (which weekends are worked, which weekdays are off
 * to bridge) and where 补假 for a holiday on a weekend goes (第六条 owes one, but the notices have placed
 * it before the holiday, e.g. 2012 端午, or not as a separate day, e.g. 2015 中秋).
 */
export function statutoryHolidays(year: number): { date: IsoDate; name: StatutoryHoliday }[] {
  const law = REVISIONS.find((r) => year >= r.from)!;
  const lunar = (month: number, day: number): IsoDate => Lunar.fromYmd(year, month, day).getSolar().toYmd();
  const newYear = lunar(1, 1);
  const days: { date: IsoDate; name: StatutoryHoliday }[] = [
    { date: isoDate(year, 1, 1), name: '元旦' },
    ...law.springFestival.map((d) => ({ date: addDays(newYear, d), name: '春节' as const })),
    ...law.labourDay.map((d) => ({ date: isoDate(year, 5, d), name: '劳动节' as const })),
    ...[1, 2, 3].map((d) => ({ date: isoDate(year, 10, d), name: '国庆节' as const })),
  ];
  if (law.traditional) {
    const qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()['清明']!.toYmd();
    days.push(
      { date: qingming, name: '清明节' },
      { date: lunar(5, 5), name: '端午节' },
      { date: lunar(8, 15), name: '中秋节' },
    );
  }
  for (const d of days)
    if (!d.date.startsWith(`${year}-`)) throw new RangeError(`${d.name} ${year} falls on ${d.date}`);
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
