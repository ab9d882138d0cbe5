import { isWorkday as officialWorkday } from 'chinese-days';
import { addDays } from '../../src/domain/calendar';
import { stepDay } from '../../src/domain/schedule';
import { statutoryHolidays } from '../../src/domain/statutory-holidays';
import {
  addWorkdays,
  calendarCovers,
  firstWorkdayOfMonth,
  isWorkday,
  workdayOnOrBefore,
  workdaysBetween,
} from '../../src/domain/workdays';

describe('working days by the State Council notice (chinese-days), provisional beyond it', () => {
  it('knows 2026: National Day week off, the 10 Oct Saturday a make-up working day', () => {
    expect(isWorkday('2026-10-01')).toBe(false);
    expect(isWorkday('2026-10-07')).toBe(false);
    expect(isWorkday('2026-10-08')).toBe(true);
    expect(isWorkday('2026-10-10')).toBe(true); // Saturday, 调休
    expect(isWorkday('2026-11-28')).toBe(false); // plain Saturday
    expect(calendarCovers('2026-12-31')).toBe(true);
  });

  it('leaves every year the data covers to the data (2004–2026, and each year added)', () => {
    const changed: string[] = [];
    let d = '2004-01-01';
    for (; calendarCovers(d); d = addDays(d, 1)) if (isWorkday(d) !== officialWorkday(d)) changed.push(d);
    expect(changed).toEqual([]);
    expect(d > '2026-12-31').toBe(true);
  });

  it('says when a year has no notice in the data yet: statutory holidays off, otherwise Mon–Fri', () => {
    expect(calendarCovers('2099-01-01')).toBe(false);
    expect(isWorkday('2099-01-01')).toBe(false); // a Thursday, 元旦
    expect(isWorkday('2099-01-02')).toBe(true); // Friday: no 调休 is invented
    expect(isWorkday('2099-01-03')).toBe(false); // Saturday
  });

  it('keeps 1 January 2027 and the other statutory days of 2027 off', () => {
    expect(isWorkday('2027-01-01')).toBe(false); // Friday, 元旦
    expect(isWorkday('2027-02-05')).toBe(false); // Friday, 除夕
    expect(isWorkday('2027-02-08')).toBe(false); // Monday, 正月初三
    expect(isWorkday('2027-04-05')).toBe(false); // Monday, 清明
    expect(isWorkday('2027-06-09')).toBe(false); // Wednesday, 端午
    expect(isWorkday('2027-09-15')).toBe(false); // Wednesday, 中秋
    expect(isWorkday('2027-10-01')).toBe(false); // Friday, 国庆
    for (const h of statutoryHolidays(2027)) expect([h.date, isWorkday(h.date)]).toEqual([h.date, false]);
    expect(isWorkday('2027-03-10')).toBe(true); // an ordinary Wednesday
    expect(isWorkday('2027-01-04')).toBe(true);
  });

  it('steps from 2026 into 2027 over 元旦', () => {
    expect(addWorkdays('2026-12-31', 1)).toBe('2027-01-04');
    expect(addWorkdays('2027-01-04', -1)).toBe('2026-12-31');
    expect(addWorkdays('2027-01-01', 0)).toBe('2027-01-04');
    expect(workdayOnOrBefore('2027-01-01')).toBe('2026-12-31');
    expect(workdaysBetween('2026-12-31', '2027-01-04')).toBe(1);
    expect(stepDay('2026-12-31', 1)).toBe('2027-01-04');
    expect(stepDay('2027-01-01', 1)).toBe('2027-01-04'); // due on the holiday: counted from 31 Dec
    expect(firstWorkdayOfMonth(2027, 1)).toBe('2027-01-04');
  });

  it('counts working days across a holiday week', () => {
    // Fri 30 Sep 2026 + 1 working day = Thu 8 Oct (1–7 Oct off).
    expect(addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkdays('2026-10-08', -1)).toBe('2026-09-30');
    expect(addWorkdays('2026-10-03', 0)).toBe('2026-10-08');
    expect(workdaysBetween('2026-09-30', '2026-10-09')).toBe(2);
    expect(workdaysBetween('2026-10-09', '2026-09-30')).toBe(-2);
    expect(workdayOnOrBefore('2026-10-04')).toBe('2026-09-30');
  });

  it('finds the first working day of a month', () => {
    expect(firstWorkdayOfMonth(2026, 10)).toBe('2026-10-08');
    expect(firstWorkdayOfMonth(2026, 11)).toBe('2026-11-02'); // 1 Nov is a Sunday
  });
});
