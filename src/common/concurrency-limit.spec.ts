import { describe, expect, it } from '@jest/globals';
import { ConcurrencyLimit, QueueFullError } from './concurrency-limit.js';

/** A task that records how many tasks run beside it, and finishes when told. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it.each([1, 2, 3])('never runs more than %i tasks at once, and runs all of them', async (limit) => {
    const slots = new ConcurrencyLimit(limit);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        slots.run(async () => {
          most = Math.max(most, ++running);
          await tick();
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(limit);
  });

  it('starts waiting tasks in the order they came', async () => {
    const slots = new ConcurrencyLimit(1);
    const first = gate();
    const started: string[] = [];
    const runs = [
      slots.run(async () => {
        started.push('a');
        await first.opened;
      }),
      ...['b', 'c', 'd'].map((name) => slots.run(async () => void started.push(name))),
    ];
    await tick();
    expect(started).toEqual(['a']);
    first.open();
    await Promise.all(runs);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('passes a failure to its caller and frees the slot for the next task', async () => {
    const slots = new ConcurrencyLimit(1);
    const failing = slots.run(async () => {
      throw new Error('hash failed');
    });
    const next = slots.run(async () => 'ran');
    await expect(failing).rejects.toThrow('hash failed');
    await expect(next).resolves.toBe('ran');
    await expect(slots.run(async () => 'still free')).resolves.toBe('still free');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %p', (limit) => {
    expect(() => new ConcurrencyLimit(limit)).toThrow(RangeError);
  });

  it.each([0, 1, 3])('lets at most %i tasks wait and refuses the next at once, without running it', async (maxWaiting) => {
    const slots = new ConcurrencyLimit(1, maxWaiting);
    const held = gate();
    const runs = [slots.run(() => held.opened), ...Array.from({ length: maxWaiting }, () => slots.run(async () => 'waited'))];
    let ranRefused = false;
    await expect(
      slots.run(async () => {
        ranRefused = true;
      }),
    ).rejects.toThrow(QueueFullError);
    expect(ranRefused).toBe(false);
    expect(slots.full).toBe(true);
    held.open();
    await Promise.all(runs);
    // Once the queue has drained there is room again.
    expect(slots.full).toBe(false);
    await expect(slots.run(async () => 'room again')).resolves.toBe('room again');
  });

  it.each([-1, Number.NaN])('refuses a queue limit of %p', (maxWaiting) => {
    expect(() => new ConcurrencyLimit(1, maxWaiting)).toThrow(RangeError);
  });
});
