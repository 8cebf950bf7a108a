/** Thrown by ConcurrencyLimit.run when as many tasks wait as it allows: the task did not run. */
export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} tasks are already waiting`);
    this.name = 'QueueFullError';
  }
}

/**
 * Runs at most `limit` tasks at a time; the others wait, first come first served, at most
 * `maxWaiting` of them (past that, run() refuses at once with QueueFullError rather than let
 * a burst make every later caller wait). A finished task hands its slot straight to the next
 * waiting one, whether it succeeded or failed.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Infinity,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`a concurrency limit must be a whole number of at least 1, not ${limit}`);
    if (!(maxWaiting >= 0)) throw new RangeError(`a queue limit must be 0 or more, not ${maxWaiting}`);
  }

  /** Whether run() would refuse a task now: every slot taken and the queue full. */
  get full(): boolean {
    return this.running >= this.limit && this.waiting.length >= this.maxWaiting;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else if (this.waiting.length >= this.maxWaiting) throw new QueueFullError(this.waiting.length);
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
