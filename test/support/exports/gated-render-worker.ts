/**
 * A stand-in render worker for RenderPool's tests: each task counts itself as started, then
 * blocks its thread (as a long render would) until the test opens the gate, and answers, throws
 * or runs out of memory as told. Tests control every step, so nothing depends on how long a real
 * render takes.
 */

/** Int32 slots of the gate's shared memory. */
export const STARTED = 0;
export const OPEN = 1;

export interface GatedTask {
  gate: Int32Array;
  /** What the "file" says; unset, the order in which the task started (0 for the first). */
  answer?: string;
  /** Throw an Error with this message instead of answering. */
  fail?: string;
  /** Allocate without end (the worker's heap limit stops it). */
  exhaustMemory?: boolean;
}

export function newGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

export default function render(task: GatedTask): Uint8Array {
  const order = Atomics.add(task.gate, STARTED, 1);
  Atomics.wait(task.gate, OPEN, 0);
  if (task.fail) throw new Error(task.fail);
  if (task.exhaustMemory) {
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i));
  }
  return new TextEncoder().encode(task.answer ?? String(order));
}
