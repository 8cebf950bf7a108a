import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { ConcurrencyLimit } from '../common/concurrency-limit.js';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 90 ms a hash on
 * this project's 2-core machine. The library's defaults (64 MiB, 3 passes, 4 lanes) took
 * ~460 ms and raised the server's memory by ~130 MB for each sign-in under way (issue 5's
 * benchmark). Hashes made with other settings still verify: each hash names its own.
 *
 * At most two hashes run at once, one per core; more sign-ins at the same moment wait their
 * turn instead of each holding its memory.
 */
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  private readonly slots = new ConcurrencyLimit(2);

  hash(password: string): Promise<string> {
    return this.slots.run(() => argon2.hash(password, HASH_OPTIONS));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => argon2.verify(hash, password));
    } catch {
      return false;
    }
  }
}
