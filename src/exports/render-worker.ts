import { move } from 'piscina';
import { renderTask, type RenderTask } from './render-task.js';

/**
 * The render worker thread's entry (RenderPool starts it with piscina): draws one task and sends
 * the file back by moving its memory to the main thread rather than copying it.
 */
export default async function render(task: RenderTask): Promise<Uint8Array> {
  return move(ownMemory(await renderTask(task))) as Uint8Array;
}

/**
 * Only a whole ArrayBuffer can be moved: a small Buffer lives in a slice of Node's shared pool,
 * and moving that would take the pool with it (Node copies it instead). Such a file is copied
 * into memory of its own; a large one (every real PDF, PNG and XLSX) already has its own. Memory
 * a native addon made cannot be moved either; its renderer copies it (the PNG in render-task.ts).
 */
function ownMemory(content: Buffer): Uint8Array {
  const whole = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength && content.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(content.buffer, 0, content.byteLength) : new Uint8Array(content);
}
