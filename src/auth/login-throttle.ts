export interface ThrottleLimits {
  /** Failed sign-ins allowed per key within the window. */
  maxFailures: number;
  windowMs: number;
}

/**
 * Counts failed sign-ins per key (an account, an address) in a sliding window, in memory.
 * Each instance of the tracker counts its own; behind several instances the limits multiply.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits) {}

  /** Seconds until a key may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limits.maxFailures) return 0;
    const oldest = recent[recent.length - this.limits.maxFailures];
    return Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000));
  }

  recordFailure(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.prune(now);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
  }

  private prune(now: number): void {
    for (const key of this.failures.keys()) {
      const recent = this.recent(key, now);
      if (recent.length === 0) this.failures.delete(key);
      else this.failures.set(key, recent);
    }
  }
}
