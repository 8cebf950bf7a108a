/** Why a render was turned away: its user already has their share, or the whole queue is full. */
export type RenderRefusal = 'user-limit' | 'queue-full';

export interface RenderLimits {
  /** Renders running or waiting, over all users. */
  capacity: number;
  /** Renders running or waiting for one user. */
  perUser: number;
}

/** A place taken by one render until it settles. */
export interface RenderSlot {
  /** Gives the place back; only the first call counts. */
  release(): void;
}

/**
 * Counts the renders in flight (running or queued) per user and in all, and turns one away at
 * once when either count is full, so that a burst of exports waits in a short queue or is told
 * to come back, never in an unbounded one. Pure bookkeeping: no threads, no clock.
 */
export class RenderAdmission {
  private total = 0;
  private readonly byUser = new Map<number, number>();

  constructor(readonly limits: RenderLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, not ${value}`);
    }
  }

  /** Why a render of `userId`'s would be turned away now, or null when it would be admitted. */
  refusalFor(userId: number): RenderRefusal | null {
    // The user's own limit first: a user over their share hears that, even when all is full.
    if (this.inFlightFor(userId) >= this.limits.perUser) return 'user-limit';
    if (this.total >= this.limits.capacity) return 'queue-full';
    return null;
  }

  /** A slot for a render of `userId`'s, or why there is none. */
  admit(userId: number): RenderSlot | RenderRefusal {
    const refusal = this.refusalFor(userId);
    if (refusal) return refusal;
    this.total++;
    this.byUser.set(userId, this.inFlightFor(userId) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = this.byUser.get(userId)! - 1;
        if (left === 0) this.byUser.delete(userId);
        else this.byUser.set(userId, left);
      },
    };
  }

  /** Renders running or waiting now. */
  get inFlight(): number {
    return this.total;
  }

  /** Renders running or waiting now for `userId`. */
  inFlightFor(userId: number): number {
    return this.byUser.get(userId) ?? 0;
  }
}
