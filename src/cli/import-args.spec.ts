import { describe, expect, it } from '@jest/globals';
import { parseImportArgs } from './import-args.js';

describe('parseImportArgs', () => {
  it.each([
    [['ledger.xlsx'], { file: 'ledger.xlsx', commit: false, skipInvalid: false, replacePlaceholders: false, user: 'admin' }],
    [['a.csv', '--commit'], { file: 'a.csv', commit: true, skipInvalid: false, replacePlaceholders: false, user: 'admin' }],
    [
      ['--commit', '--skip-invalid', '--replace-placeholders', 'b.xlsx', '--user', 'wang.mengfeng'],
      { file: 'b.xlsx', commit: true, skipInvalid: true, replacePlaceholders: true, user: 'wang.mengfeng' },
    ],
  ])('reads %j', (argv, expected) => {
    expect(parseImportArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], 'name exactly one ledger file'],
    [['a.xlsx', 'b.xlsx'], 'name exactly one ledger file'],
    [['a.xlsx', '--skip-invalid'], '--skip-invalid only means something with --commit'],
    [['a.xlsx', '--user', ' '], '--user must name an account'],
    [['a.xlsx', '--force'], "Unknown option '--force'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseImportArgs(argv)).toThrow(message);
  });
});
