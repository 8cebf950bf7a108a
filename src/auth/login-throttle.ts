export interface ThrottleLimits {
  /** Password checks allowed per key within the window (under way or failed). */
  maxAttempts: number;
  windowMs: number;
}

/** One sign-in's place in a key's count, from reserve() until it is settled. */
export interface Attempt {
  readonly key: string;
  readonly at: number;
}

/** A place for the attempt, or how long the key must wait for one. */
export type Reservation = { attempt: Attempt } | { retryAfterSeconds: number };

/** Seconds a reservation says to wait: 0 when it holds a place. */
export const waitOf = (reservation: Reservation): number => ('retryAfterSeconds' in reservation ? reservation.retryAfterSeconds : 0);

interface Entry {
  at: number;
  /** Under way (its password is being checked) or failed; successful attempts are removed. */
  failed: boolean;
}

/**
 * Counts sign-in attempts per key (an account, an address) in a sliding window, in memory.
 *
 * An attempt is counted when it is reserved, before its password is checked, and stays counted
 * unless it succeeds: so however many requests arrive at the same moment, at most `maxAttempts`
 * passwords per key are ever checked in the window. (Counting only failures, after the check,
 * let a burst of 60 concurrent guesses all through.)
 *
 * Each instance of the tracker counts its own; behind several instances the limits multiply.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry[]>();

  constructor(private readonly limits: ThrottleLimits) {}

  /**
   * Takes a place for one attempt: the attempt, or the seconds to wait when the key has used
   * all its places in the window.
   */
  reserve(key: string, now: number): Reservation {
    const recent = this.recent(key, now);
    if (recent.length >= this.limits.maxAttempts) {
      const oldest = recent[recent.length - this.limits.maxAttempts].at;
      return { retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000)) };
    }
    recent.push({ at: now, failed: false });
    this.entries.set(key, recent);
    if (this.entries.size > 10_000) this.prune(now);
    return { attempt: { key, at: now } };
  }

  /** The password was wrong: the attempt stays counted for the rest of the window. */
  fail(attempt: Attempt): void {
    const entry = this.pending(attempt);
    if (entry) entry.failed = true;
  }

  /** The attempt was never judged (the server was too busy): it gives its place back. */
  release(attempt: Attempt): void {
    const entries = this.entries.get(attempt.key);
    const entry = this.pending(attempt);
    if (entries && entry) entries.splice(entries.indexOf(entry), 1);
  }

  /**
   * The password was right: the attempt gives its place back and the key's earlier failures are
   * forgiven. Attempts still under way stay counted, so a success can't open the door to a
   * burst sent beside it.
   */
  succeed(attempt: Attempt): void {
    this.release(attempt);
    const underWay = (this.entries.get(attempt.key) ?? []).filter((e) => !e.failed);
    if (underWay.length === 0) this.entries.delete(attempt.key);
    else this.entries.set(attempt.key, underWay);
  }

  private pending(attempt: Attempt): Entry | undefined {
    return this.entries.get(attempt.key)?.find((e) => !e.failed && e.at === attempt.at);
  }

  private recent(key: string, now: number): Entry[] {
    return (this.entries.get(key) ?? []).filter((e) => e.at > now - this.limits.windowMs);
  }

  private prune(now: number): void {
    for (const key of this.entries.keys()) {
      const recent = this.recent(key, now);
      if (recent.length === 0) this.entries.delete(key);
      else this.entries.set(key, recent);
    }
  }
}
