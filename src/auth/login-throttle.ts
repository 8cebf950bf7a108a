export interface ThrottleLimits {
  /** Password checks allowed per key within the window (under way or failed). */
  maxAttempts: number;
  windowMs: number;
}

/** Whether a key has a free place for one more attempt, or how long it must wait for one. */
export type Verdict = { placeFree: true } | { placeFree: false; retryAfterSeconds: number };

/** Seconds a verdict says to wait: 0 when a place is free. */
export const waitOf = (verdict: Verdict): number => (verdict.placeFree ? 0 : verdict.retryAfterSeconds);

/** Whether an attempt made at `at` still counts at `now`: the window is open at its old end. */
const inWindow = (at: number, limits: ThrottleLimits, now: number): boolean => at > now - limits.windowMs;

/**
 * Judges one key (an account, an address) for a sliding window: `countedAt` are the times of its
 * attempts that still count (under way or failed; successful ones were removed). A place is free
 * while fewer than `maxAttempts` of them are in the window; otherwise the key waits until enough
 * of the oldest leave it for one place to open, at least a second (Retry-After is whole seconds,
 * and 0 would invite an immediate retry that is refused again).
 *
 * Pure, so that every instance judges the rows it read from the database the same way.
 */
export function judgeKey(countedAt: readonly number[], limits: ThrottleLimits, now: number): Verdict {
  const recent = countedAt.filter((at) => inWindow(at, limits, now)).sort((a, b) => a - b);
  if (recent.length < limits.maxAttempts) return { placeFree: true };
  // The attempt whose leaving brings the count down to maxAttempts - 1.
  const freesAPlace = recent[recent.length - limits.maxAttempts];
  return { placeFree: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAPlace + limits.windowMs - now) / 1000)) };
}
