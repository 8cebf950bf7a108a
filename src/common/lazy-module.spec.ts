import { describe, expect, it } from '@jest/globals';
import { lazyModule } from './lazy-module.js';

describe('lazyModule', () => {
  it('loads once however many callers ask, at the same time or later', async () => {
    let loads = 0;
    const load = lazyModule(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('never runs two loads at once', async () => {
    let running = 0;
    let most = 0;
    const slow = (value: string) => async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return value;
    };
    const [x, y] = [lazyModule(slow('x')), lazyModule(slow('y'))];
    expect(await Promise.all([x(), y()])).toEqual(['x', 'y']);
    expect(most).toBe(1);
  });

  it('tries a failed load again, and a failure does not stop other loads', async () => {
    let attempts = 0;
    const flaky = lazyModule(async () => {
      if (++attempts === 1) throw new Error('first load fails');
      return 'loaded';
    });
    const other = lazyModule(async () => 'other');
    await expect(flaky()).rejects.toThrow('first load fails');
    expect(await other()).toBe('other');
    expect(await flaky()).toBe('loaded');
    expect(attempts).toBe(2);
  });
});
