import { describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at 19 MiB, 2 passes, 1 lane, and verifies only the right password', async () => {
    const hash = await hasher.hash('清徐县 correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(hasher.verify(hash, '清徐县 correct horse')).resolves.toBe(true);
    await expect(hasher.verify(hash, '清徐县 correct hors')).resolves.toBe(false);
  });

  it('still verifies hashes made with the earlier settings (the library defaults)', async () => {
    const old = await argon2.hash('an older password', { type: argon2.argon2id, memoryCost: 8192, timeCost: 3, parallelism: 4 });
    await expect(hasher.verify(old, 'an older password')).resolves.toBe(true);
  });

  it('answers false, not an error, for a stored value that is not a hash', async () => {
    await expect(hasher.verify('not-a-hash', 'whatever')).resolves.toBe(false);
  });
});
