import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import argon2 from 'argon2';
import { ConcurrencyLimit, QueueFullError } from '../common/concurrency-limit.js';
import { problem } from '../common/messages/problem.js';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 90 ms a hash on
 * this project's 2-core machine. The library's defaults (64 MiB, 3 passes, 4 lanes) took
 * ~460 ms and raised the server's memory by ~130 MB for each sign-in under way (issue 5's
 * benchmark). Hashes made with other settings still verify: each hash names its own.
 *
 * At most two hashes run at once, one per core; more sign-ins at the same moment wait their
 * turn instead of each holding its memory, and at most HASH_QUEUE_LIMIT wait: past that the
 * caller is told at once to try again (a burst of 1,000 sign-ins once made an admin's own
 * sign-in wait 10.5 s in the queue).
 */
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes waiting for a slot: with two running, the last of them starts within about 0.4 s. */
export const HASH_QUEUE_LIMIT = 8;

/** 503 (`password_check_busy`): too many passwords are being checked right now; nothing was checked for this request. */
export class PasswordCheckBusyException extends ServiceUnavailableException {
  readonly retryAfterSeconds = 1;

  constructor() {
    super(problem('password_check_busy'));
  }
}

@Injectable()
export class PasswordHasher {
  private readonly slots = new ConcurrencyLimit(2, HASH_QUEUE_LIMIT);

  /** Throws PasswordCheckBusyException now if a check would be refused: spares the work before it. */
  assertRoom(): void {
    if (this.slots.full) throw new PasswordCheckBusyException();
  }

  /** Throws PasswordCheckBusyException when the queue is full. */
  hash(password: string): Promise<string> {
    return this.queued(() => argon2.hash(password, HASH_OPTIONS));
  }

  /** False for a wrong password or an unreadable hash; throws PasswordCheckBusyException when the queue is full. */
  verify(hash: string, password: string): Promise<boolean> {
    return this.queued(() => argon2.verify(hash, password).catch(() => false));
  }

  private async queued<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(work);
    } catch (error) {
      if (error instanceof QueueFullError) throw new PasswordCheckBusyException();
      throw error;
    }
  }
}
