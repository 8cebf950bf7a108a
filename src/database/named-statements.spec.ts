import { describe, expect, it } from '@jest/globals';
import { NAMED_STATEMENTS_MAX, statementName } from './named-statements.js';

describe('statementName', () => {
  const RAISE = 'UPDATE report_generations SET generation = generation + 1 WHERE shard = $1';

  it('names one text alike every time and two texts differently', () => {
    expect(statementName(RAISE)).toBe(statementName(RAISE.split(' ').join(' ')));
    expect(statementName(RAISE)).not.toBe(statementName(`${RAISE} `));
    expect(statementName(RAISE)).toMatch(/^tracker_[0-9a-f]{24}$/);
  });

  it('names no new text past NAMED_STATEMENTS_MAX, and keeps the names it gave', () => {
    const first = statementName(RAISE);
    const given = Array.from({ length: NAMED_STATEMENTS_MAX * 2 }, (_, i) => statementName(`SELECT ${i}`));
    const named = given.filter((name) => name !== undefined);
    // RAISE and the text with a trailing space above took two of the names.
    expect(named).toHaveLength(NAMED_STATEMENTS_MAX - 2);
    expect(new Set(named).size).toBe(named.length);
    expect(given.at(-1)).toBeUndefined();
    expect(statementName(RAISE)).toBe(first);
    expect(statementName('SELECT 0')).toBe(given[0]);
  });
});
