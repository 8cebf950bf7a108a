import { describe, expect, it } from '@jest/globals';
import { checkPassword } from './password-policy.js';

describe('checkPassword', () => {
  it.each([
    ['清徐修缮2021年冬', 'wang', null],
    ['correct horse battery', 'wang', null],
    ['short1', 'wang', /at least 10/],
    ['x'.repeat(129), 'wang', /at most 128/],
    ['wang-2021-qingxu', 'wang', /must not contain the username/],
    ['WANG-2021-qingxu', 'wang', /must not contain the username/],
    ['aaaaaaaaaaaa', 'wang', /same few characters/],
    ['abababababab', 'wang', /same few characters/],
  ])('%s for %s', (password, username, expected) => {
    const reason = checkPassword(password, username);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });

  it('names the field it checks', () => {
    expect(checkPassword('short', 'x', 'newPassword')).toMatch(/^newPassword /);
  });
});
