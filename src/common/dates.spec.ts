import { describe, expect, it } from '@jest/globals';
import { addDays, calendarDateAt, formatBeijingTime, isCalendarDate } from './dates.js';

describe('calendar dates', () => {
  it.each([
    ['2021-12-23', true],
    ['2020-02-29', true],
    ['2021-02-29', false],
    ['2021-02-30', false],
    ['2021-13-01', false],
    ['2021-12-23T00:00:00Z', false],
    ['21-12-23', false],
    ['', false],
    [20211223, false],
    [null, false],
  ])('isCalendarDate(%p) is %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    // 16:00 UTC is already midnight in Shanghai (UTC+8).
    ['2021-12-23T15:59:59Z', '2021-12-23'],
    ['2021-12-23T16:00:00Z', '2021-12-24'],
    ['2021-12-31T20:00:00Z', '2022-01-01'],
    ['2024-02-28T16:00:00Z', '2024-02-29'],
    // Either side of the end of China's last daylight-saving year (the arithmetic starts at 1992).
    ['1991-12-31T15:59:59Z', '1991-12-31'],
    ['1991-12-31T16:00:00Z', '1992-01-01'],
    // During 1991's summer time Shanghai was UTC+9 (Intl answers for these).
    ['1991-07-01T15:30:00Z', '1991-07-02'],
  ])('the county date at %s is %s', (instant, expected) => {
    expect(calendarDateAt(new Date(instant))).toBe(expected);
  });

  it('agrees with Intl every 7 hours 13 minutes from 1992 to 2040', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    const differences: string[] = [];
    for (let t = Date.UTC(1992, 0, 1); t < Date.UTC(2040, 0, 1); t += (7 * 60 + 13) * 60_000) {
      if (calendarDateAt(new Date(t)) !== intl.format(t)) differences.push(new Date(t).toISOString());
    }
    expect(differences).toEqual([]);
  });

  it.each([
    ['2021-12-23', 1, '2021-12-24'],
    ['2021-12-31', 1, '2022-01-01'],
    ['2021-03-01', -1, '2021-02-28'],
    ['2021-12-23', -14, '2021-12-09'],
  ])('addDays(%s, %d) is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('formatBeijingTime', () => {
  it.each([
    ['2021-12-27T01:30:00.000Z', '2021-12-27 09:30'],
    ['2021-12-31T16:05:00Z', '2022-01-01 00:05'],
  ])('%s is %s in Beijing', (instant, expected) => {
    expect(formatBeijingTime(instant)).toBe(expected);
    expect(formatBeijingTime(new Date(instant))).toBe(expected);
  });
});
