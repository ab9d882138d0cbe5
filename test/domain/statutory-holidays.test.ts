import { isWorkday as officialWorkday } from 'chinese-days';
import { statutoryHolidays } from '../../src/domain/statutory-holidays';
import { calendarCovers } from '../../src/domain/workdays';

describe('statutory holidays by 《全国年节及纪念日放假办法》', () => {
  it('computes 2027 by the 2024 revision: 13 days, lunar ones and 清明 included', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' }, // 除夕
      { date: '2027-02-06', name: '春节' }, // 正月初一
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
  });

  it('takes 五月初五 of the ordinary month in a year with a leap fifth month (2028)', () => {
    expect(statutoryHolidays(2028).find((h) => h.name === '端午节')?.date).toBe('2028-05-28');
  });

  it('follows the revision in force: 除夕 and 2 May from 2025, 初一–初三 and 1 May before', () => {
    const names = (year: number, name: string) =>
      statutoryHolidays(year)
        .filter((h) => h.name === name)
        .map((h) => h.date);
    expect(names(2024, '春节')).toEqual(['2024-02-10', '2024-02-11', '2024-02-12']);
    expect(names(2024, '劳动节')).toEqual(['2024-05-01']);
    expect(names(2025, '春节')).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(names(2025, '劳动节')).toEqual(['2025-05-01', '2025-05-02']);
  });

  it('is a day off in the State Council data for every year it covers (2004–2026, and each year added)', () => {
    const workedHolidays: string[] = [];
    let year = 2004;
    for (; calendarCovers(`${year}-01-01`); year++)
      for (const h of statutoryHolidays(year))
        if (officialWorkday(h.date)) workedHolidays.push(`${h.date} ${h.name}`);
    expect(workedHolidays).toEqual([]);
    expect(year).toBeGreaterThan(2026);
  });

  it('does not depend on the host time zone', () => {
    const tz = process.env.TZ;
    const inZone = (zone: string) => {
      process.env.TZ = zone;
      try {
        return [2026, 2027, 2028].map(statutoryHolidays);
      } finally {
        if (tz === undefined) delete process.env.TZ;
        else process.env.TZ = tz;
      }
    };
    expect(inZone('America/Los_Angeles')).toEqual(inZone('Asia/Shanghai'));
    expect(inZone('Pacific/Kiritimati')).toEqual(inZone('Asia/Shanghai'));
  });
});
