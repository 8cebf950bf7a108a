import { availableParallelism } from 'node:os';
import type { AppConfig } from '../config/env.validation.js';

/** How the render pool is sized and limited (see RenderPool). */
export interface RenderPoolSettings {
  /** Worker threads drawing at once. */
  threads: number;
  /** Renders that may wait per thread, besides the running ones; past that a render gets a 503. */
  queuePerThread: number;
  /** Renders one user may have running or waiting; the next gets a 503. */
  perUser: number;
  /** V8 heap limit per worker: one runaway render ends its worker (a 500), not the server. */
  heapMb: number;
  /** A worker with nothing to do for this long exits and frees its memory (renderers, fonts). */
  idleTimeoutMs: number;
  /** Sent as Retry-After with a 503: about what a queue of large exports takes to drain. */
  retryAfterSeconds: number;
}

/**
 * Leaves one CPU to the event loop (API requests, the database), at least one thread in all.
 * RENDER_THREADS overrides it.
 */
export function defaultRenderThreads(cpus = availableParallelism()): number {
  return Math.max(1, cpus - 1);
}

export function renderPoolSettings(config: AppConfig): RenderPoolSettings {
  return {
    threads: config.get('RENDER_THREADS', { infer: true }) ?? defaultRenderThreads(),
    // A province's weekly PDF takes about 2 s: four waiting per thread is under 10 s of waiting.
    queuePerThread: 4,
    // Two, so a person downloading the week's PDF and PNG together gets both.
    perUser: 2,
    // The 3,000-village PDF, the largest export measured, needs well under this.
    heapMb: 512,
    idleTimeoutMs: 60_000,
    retryAfterSeconds: 5,
  };
}
