import {
  addWorkdays,
  calendarCovers,
  firstWorkdayOfMonth,
  isWorkday,
  workdayOnOrBefore,
  workdaysBetween,
} from '../../src/domain/workdays';

describe('working days by the State Council notice (chinese-days)', () => {
  it('knows 2026: National Day week off, the 10 Oct Saturday a make-up working day', () => {
    expect(isWorkday('2026-10-01')).toBe(false);
    expect(isWorkday('2026-10-07')).toBe(false);
    expect(isWorkday('2026-10-08')).toBe(true);
    expect(isWorkday('2026-10-10')).toBe(true); // Saturday, 调休
    expect(isWorkday('2026-11-28')).toBe(false); // plain Saturday
    expect(calendarCovers('2026-12-31')).toBe(true);
  });

  it('says when a year has no notice in the data yet, and falls back to Mon–Fri', () => {
    expect(calendarCovers('2099-01-01')).toBe(false);
    expect(isWorkday('2099-01-01')).toBe(true); // a Thursday: no 元旦 known
    expect(isWorkday('2099-01-03')).toBe(false); // Saturday
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
