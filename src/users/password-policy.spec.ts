import { describe, expect, it } from '@jest/globals';
import { renderFieldIssue } from '../common/messages/catalogue.js';
import { checkPassword } from './password-policy.js';

describe('checkPassword', () => {
  it.each([
    ['清徐修缮2021年冬', 'wang', null],
    ['correct horse battery', 'wang', null],
    ['short1', 'wang', 'password_too_short'],
    ['x'.repeat(129), 'wang', 'password_too_long'],
    ['wang-2021-qingxu', 'wang', 'password_contains_username'],
    ['WANG-2021-qingxu', 'wang', 'password_contains_username'],
    ['aaaaaaaaaaaa', 'wang', 'password_repetitive'],
    ['abababababab', 'wang', 'password_repetitive'],
  ])('%s for %s: %s', (password, username, expected) => {
    expect(checkPassword(password, username)?.code ?? null).toBe(expected);
  });

  it.each([
    ['short1', 'newPassword must be at least 10 characters', '新密码至少 10 个字符'],
    ['x'.repeat(129), 'newPassword must be at most 128 characters', '新密码最多 128 个字符'],
    ['wang-2021-qingxu', 'newPassword must not contain the username', '新密码不能包含用户名'],
  ])('says what is wrong with %s, naming the field', (password, english, chinese) => {
    const found = checkPassword(password, 'wang')!;
    expect([renderFieldIssue('en', 'newPassword', found), renderFieldIssue('zh', 'newPassword', found)]).toEqual([english, chinese]);
  });
});
