export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

/** Why a password is refused, or null. Long passphrases beat character-class rules. */
export function checkPassword(password: string, username: string, field = 'password'): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `${field} must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `${field} must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return `${field} must not contain the username`;
  if (new Set(password).size < 4) return `${field} must not repeat the same few characters`;
  return null;
}
