import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { workerScript } from '../common/worker-script.js';
import { RenderBusyException } from './render-busy.exception.js';
import { RenderFailedError, RenderPool } from './render-pool.js';
import type { RenderPoolSettings } from './render-pool-settings.js';
import type { RenderTask } from './render-task.js';
import { type GatedTask, newGate, OPEN, STARTED } from '../../test/support/exports/gated-render-worker.js';

/**
 * RenderPool on real worker threads (piscina), running a stand-in worker whose tasks wait for
 * the test to let them finish (test/support/exports/gated-render-worker.ts), so every limit is
 * tested at the moment it matters, without timing anything.
 */

const ALICE = { id: 1 };
const BOB = { id: 2 };
const CAROL = { id: 3 };

const SETTINGS: RenderPoolSettings = { threads: 1, queuePerThread: 1, perUser: 2, heapMb: 64, idleTimeoutMs: 60_000, retryAfterSeconds: 7 };

let pool: RenderPool | undefined;

function startPool(settings: Partial<RenderPoolSettings> = {}): RenderPool {
  pool = new RenderPool(
    { ...SETTINGS, ...settings },
    workerScript(new URL('../../test/support/exports/gated-render-worker.js', import.meta.url)),
  );
  return pool;
}

let warnings: ReturnType<typeof jest.spyOn>;

beforeEach(() => {
  warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  await pool?.onApplicationShutdown();
  pool = undefined;
  warnings.mockRestore();
});

/** Waits, yielding to the event loop, until `condition` holds (the test's timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function gated(gate: Int32Array, fields: Omit<GatedTask, 'gate'> = {}): RenderTask {
  return { gate, ...fields } as unknown as RenderTask;
}

const open = (gate: Int32Array) => {
  Atomics.store(gate, OPEN, 1);
  Atomics.notify(gate, OPEN);
};
const started = (gate: Int32Array) => Atomics.load(gate, STARTED);
const text = (content: Buffer) => content.toString('utf8');

describe('RenderPool', () => {
  it('turns a render away with a 503 and Retry-After once the threads are busy and the queue is full', async () => {
    const p = startPool({ threads: 1, queuePerThread: 1 });
    const gate = newGate();
    const running = p.run(gated(gate, { answer: 'A' }), ALICE);
    await until(() => started(gate) === 1);
    const queued = p.run(gated(gate, { answer: 'B' }), BOB);

    const refused = p.run(gated(gate, { answer: 'C' }), CAROL);
    await expect(refused).rejects.toThrow(RenderBusyException);
    await expect(refused).rejects.toMatchObject({ refusal: 'queue-full', retryAfterSeconds: 7 });
    const error = (await refused.catch((e: unknown) => e)) as RenderBusyException;
    expect([error.getStatus(), error.getResponse()]).toEqual([503, { code: 'exports_busy', params: { reason: 'queue-full' } }]);
    expect(warnings).toHaveBeenCalledWith(
      expect.objectContaining({ userId: CAROL.id, refusal: 'queue-full' }),
      'render refused: too many in flight',
    );

    open(gate);
    expect([text(await running), text(await queued)]).toEqual(['A', 'B']);
    // Places come back as renders finish.
    expect(text(await p.run(gated(gate, { answer: 'C' }), CAROL))).toBe('C');
  });

  it("turns away a user's render past their share while another user's still runs", async () => {
    const p = startPool({ threads: 1, queuePerThread: 4, perUser: 2 });
    const gate = newGate();
    const alice = [p.run(gated(gate, { answer: 'A1' }), ALICE), p.run(gated(gate, { answer: 'A2' }), ALICE)];
    await until(() => started(gate) === 1);

    await expect(p.run(gated(gate, { answer: 'A3' }), ALICE)).rejects.toMatchObject({ refusal: 'user-limit', retryAfterSeconds: 7 });
    const bob = p.run(gated(gate, { answer: 'B1' }), BOB);
    expect(p.admission.inFlight).toBe(3);

    open(gate);
    expect((await Promise.all([...alice, bob])).map(text)).toEqual(['A1', 'A2', 'B1']);
    expect(text(await p.run(gated(gate, { answer: 'A3' }), ALICE))).toBe('A3');
  });

  it('tells before the work that leads to a render whether it would be refused, without taking a place', async () => {
    const p = startPool({ threads: 1, queuePerThread: 4, perUser: 1 });
    const gate = newGate();
    const running = p.run(gated(gate, { answer: 'A' }), ALICE);
    expect(() => p.checkRoom(ALICE, 'a test file')).toThrow(RenderBusyException);
    expect(() => p.checkRoom(BOB, 'a test file')).not.toThrow();
    expect(p.admission.inFlight).toBe(1);
    open(gate);
    expect(text(await running)).toBe('A');
    expect(() => p.checkRoom(ALICE, 'a test file')).not.toThrow();
  });

  it('draws waiting renders in the order they came, so that none waits while later ones are drawn', async () => {
    const p = startPool({ threads: 1, queuePerThread: 3 });
    const gate = newGate();
    const first = p.run(gated(gate), ALICE);
    await until(() => started(gate) === 1);
    const waiting = [p.run(gated(gate), BOB), p.run(gated(gate), CAROL), p.run(gated(gate), { id: 4 })];
    open(gate);
    // Each answers the order in which it started.
    expect([await first, ...(await Promise.all(waiting))].map(text)).toEqual(['0', '1', '2', '3']);
  });

  it('turns a render that throws in its worker into an error naming the render, and goes on', async () => {
    const p = startPool();
    const gate = newGate();
    open(gate);
    const failed = p.run(gated(gate, { fail: 'the font has no such glyph' }), ALICE);
    await expect(failed).rejects.toThrow(RenderFailedError);
    await expect(failed).rejects.toThrow('the font has no such glyph');
    const error = (await failed.catch((e: unknown) => e)) as Error;
    // The worker's own stack, so the log shows where in the renderer it failed.
    expect(error.stack).toContain('gated-render-worker');
    expect(p.admission.inFlight).toBe(0);
    expect(text(await p.run(gated(gate, { answer: 'after' }), ALICE))).toBe('after');
  });

  it('ends a render that outgrows its heap limit, not the process, and starts a new worker for the next', async () => {
    const p = startPool({ heapMb: 32 });
    const gate = newGate();
    open(gate);
    await expect(p.run(gated(gate, { exhaustMemory: true }), ALICE)).rejects.toThrow(RenderFailedError);
    expect(text(await p.run(gated(gate, { answer: 'after' }), ALICE))).toBe('after');
  });

  it('starts no worker before the first render, and lets an idle one exit', async () => {
    const p = startPool({ idleTimeoutMs: 0 });
    expect(p.threadCount).toBe(0);
    const gate = newGate();
    const render = p.run(gated(gate, { answer: 'A' }), ALICE);
    await until(() => started(gate) === 1);
    expect(p.threadCount).toBe(1);
    open(gate);
    await render;
    await until(() => p.threadCount === 0);
  });

  it('ends its workers on shutdown, failing what is still waiting rather than leaving it hanging', async () => {
    const p = startPool({ threads: 1, queuePerThread: 1 });
    const gate = newGate();
    const running = p.run(gated(gate, { answer: 'A' }), ALICE);
    await until(() => started(gate) === 1);
    const queued = p.run(gated(gate, { answer: 'B' }), BOB);
    const outcomes = Promise.allSettled([running, queued]);
    await p.onApplicationShutdown();
    expect(p.threadCount).toBe(0);
    const reasons = (await outcomes).map((o) => (o.status === 'rejected' ? o.reason : o.value));
    expect(reasons).toEqual([expect.any(RenderFailedError), expect.any(RenderFailedError)]);
    expect(p.admission.inFlight).toBe(0);
  });
});
