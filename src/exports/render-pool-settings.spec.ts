import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ConfigService } from '@nestjs/config';
import { validateEnvironment } from '../config/env.validation.js';
import { defaultRenderThreads, renderPoolSettings } from './render-pool-settings.js';

const settingsFor = (env: Record<string, unknown>) => renderPoolSettings(new ConfigService(validateEnvironment(env)));

describe('render pool settings', () => {
  it.each([
    [1, 1],
    [2, 1],
    [4, 3],
    [16, 15],
  ])('uses %p CPUs as %p render threads', (cpus, threads) => {
    expect(defaultRenderThreads(cpus)).toBe(threads);
  });

  it('takes RENDER_THREADS from the environment, else the default', () => {
    expect(settingsFor({ RENDER_THREADS: '3' }).threads).toBe(3);
    expect(settingsFor({}).threads).toBe(defaultRenderThreads());
  });

  it.each(['0', '-1', '1.5', 'many', '65'])('refuses RENDER_THREADS=%p, naming the variable', (value) => {
    expect(() => validateEnvironment({ RENDER_THREADS: value })).toThrow(/RENDER_THREADS/);
  });

  it('limits every render: a queue, a share per user, a heap, an idle timeout and a Retry-After', () => {
    const settings = settingsFor({ RENDER_THREADS: '1' });
    expect(settings).toEqual({ threads: 1, queuePerThread: 4, perUser: 2, heapMb: 512, idleTimeoutMs: 60_000, retryAfterSeconds: 5 });
  });
});
