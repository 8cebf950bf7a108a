import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a worker thread runs: its entry module and the Node options it starts with. */
export interface WorkerScript {
  filename: string;
  /** Undefined: the worker inherits the process's own options, as Node does by default. */
  execArgv: string[] | undefined;
}

/** Registers the TypeScript hooks in a worker thread (a test helper; see below). */
const TYPESCRIPT_HOOKS = new URL('../../test/support/worker-typescript.mjs', import.meta.url);

/**
 * How to start a worker thread on `entry`, a module named by its compiled file
 * (`new URL('./render-worker.js', import.meta.url)`).
 *
 * Built (dist/), the compiled file is there and runs as it is. From the TypeScript sources
 * (Jest), only `entry`'s `.ts` exists: Jest compiles the sources inside its own module loader,
 * which a worker thread does not have, and Node 20 cannot load TypeScript. The worker then runs
 * the `.ts` with hooks that compile it as Jest does (test/support/worker-typescript.mjs), so the
 * tests exercise real threads on the same code. No loader is ever involved in production.
 */
export function workerScript(entry: URL): WorkerScript {
  const compiled = fileURLToPath(entry);
  if (existsSync(compiled)) return { filename: compiled, execArgv: undefined };
  const source = compiled.replace(/\.js$/, '.ts');
  if (!existsSync(source)) throw new Error(`Worker module not found: neither ${compiled} nor ${source} exists`);
  // Source maps, so that a worker's stack names lines of the .ts file.
  return { filename: source, execArgv: [...process.execArgv, '--enable-source-maps', '--import', TYPESCRIPT_HOOKS.href] };
}
