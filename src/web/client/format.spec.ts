import { describe, expect, it } from '@jest/globals';
import { attachment } from '../../common/content-disposition.js';
import { countyDateTime, fileNameFromContentDisposition, formatPercent, monthDay, todayInCounty, trendDates } from './format.js';

describe('fileNameFromContentDisposition', () => {
  it.each<[string | null, string | null]>([
    [
      attachment('清徐县因灾受损房屋修缮进度周报_2021年第51周.xlsx', 'weekly-2021-W51.xlsx'),
      '清徐县因灾受损房屋修缮进度周报_2021年第51周.xlsx',
    ],
    [attachment("it's (1).csv", 'x.csv'), "it's (1).csv"],
    ['attachment; filename="report.pdf"', 'report.pdf'],
    ['attachment; filename=report.png', 'report.png'],
    ['attachment; filename="a \\"quoted\\" name.csv"', 'a "quoted" name.csv'],
    ['attachment; filename="fallback.csv"; filename*=UTF-8\'\'%E6%97%A5%E6%8A%A5.csv', '日报.csv'],
    ['attachment; filename="fallback.csv"; filename*=UTF-8\'\'%E6%97%A5%ZZ.csv', 'fallback.csv'],
    ['attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
    ['attachment', null],
    [null, null],
  ])('%s → %s', (header, expected) => {
    expect(fileNameFromContentDisposition(header)).toBe(expected);
  });
});

describe('formatPercent (the server’s own, rounded down)', () => {
  it.each<[number | null, string]>([
    [158 / 174, '90.8%'],
    [618 / 619, '99.8%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [0.29, '29.0%'],
    [null, '—'],
  ])('%s → %s', (rate, expected) => {
    expect(formatPercent(rate)).toBe(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2021-12-23T15:59:59Z', '2021-12-23'],
    ['2021-12-23T16:00:00Z', '2021-12-24'],
    ['2021-12-22T16:00:00Z', '2021-12-23'],
  ])('at %s the county date is %s', (instant, expected) => {
    expect(todayInCounty(new Date(instant))).toBe(expected);
  });

  it('the trend covers the date and the same weekday of the seven weeks before, oldest first', () => {
    expect(trendDates('2021-12-23')).toEqual([
      '2021-11-04',
      '2021-11-11',
      '2021-11-18',
      '2021-11-25',
      '2021-12-02',
      '2021-12-09',
      '2021-12-16',
      '2021-12-23',
    ]);
    expect(trendDates('2022-01-05', 2)).toEqual(['2021-12-29', '2022-01-05']);
  });

  it.each([
    ['2021-12-23', '12-23'],
    ['2022-01-05', '01-05'],
  ])('monthDay(%s) = %s', (date, expected) => {
    expect(monthDay(date)).toBe(expected);
  });

  it.each([
    ['2021-12-23T08:05:00.000Z', '2021-12-23 16:05'],
    ['2021-12-23T16:30:00.000Z', '2021-12-24 00:30'],
    ['not a date', 'not a date'],
  ])('countyDateTime(%s) = %s', (instant, expected) => {
    expect(countyDateTime(instant)).toBe(expected);
  });
});
