import type { FieldIssue } from '../common/messages/catalogue.js';
import { issue } from '../common/messages/problem.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** What is wrong with a password for `username`, or null. Long passphrases beat character-class rules. */
export function checkPassword(password: string, username: string): FieldIssue | null {
  if (password.length < MIN_PASSWORD_LENGTH) return issue('password_too_short', { min: MIN_PASSWORD_LENGTH });
  if (password.length > MAX_PASSWORD_LENGTH) return issue('password_too_long', { max: MAX_PASSWORD_LENGTH });
  if (username && password.toLowerCase().includes(username.toLowerCase())) return issue('password_contains_username');
  if (new Set(password).size < 4) return issue('password_repetitive');
  return null;
}
