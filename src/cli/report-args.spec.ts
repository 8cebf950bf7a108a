import { describe, expect, it } from '@jest/globals';
import { parseReportArgs } from './report-args.js';

describe('parseReportArgs', () => {
  it('reads a full command line', () => {
    expect(
      parseReportArgs(['--period', 'week', '--date', '2021-12-23', '--format', 'xlsx', '--out', '/tmp/r', '--group-by', 'township']),
    ).toEqual({
      period: 'week',
      date: '2021-12-23',
      format: 'xlsx',
      out: '/tmp/r',
      groupBy: 'township',
    });
  });

  it('takes the WeChat text as a format', () => {
    expect(parseReportArgs(['--period', 'day', '--date', '2021-12-23', '--format', 'text', '--out', 'reports'])).toMatchObject({
      format: 'text',
    });
  });

  it('defaults the date to today and the grouping to village', () => {
    expect(parseReportArgs(['--period', 'day', '--format', 'csv', '--out', 'reports'])).toMatchObject({
      date: undefined,
      groupBy: 'village',
    });
  });

  it.each([
    [[], /--period must be day or week.*--format must be one of.*--out must name/],
    [['--period', 'month', '--format', 'xlsx', '--out', 'x'], /--period must be day or week/],
    [['--period', 'week', '--date', '2021-02-30', '--format', 'xlsx', '--out', 'x'], /--date must be a calendar date/],
    [['--period', 'week', '--format', 'docx', '--out', 'x'], /--format must be one of json, csv, xlsx, pdf, png, svg, text/],
    [['--period', 'week', '--format', 'xlsx', '--out', 'x', '--group-by', 'province'], /--group-by must be one of/],
    [['--period', 'week', '--format', 'xlsx', '--out', 'x', '--colour', 'red'], /colour/],
    [['--period', 'week', '--format', 'xlsx', '--out', 'x', 'extra'], /extra/],
  ])('refuses %p', (argv, message) => {
    expect(() => parseReportArgs(argv)).toThrow(message);
  });
});
