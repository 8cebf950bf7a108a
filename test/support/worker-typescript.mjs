/**
 * Lets a worker thread started from the TypeScript sources import `.ts` files. Jest compiles the
 * sources with swc inside its own module loader, which worker threads do not share, and Node 20
 * cannot load TypeScript by itself; src/common/worker-script.ts passes this file as `--import` to
 * such workers. The built application (dist/) never loads it: its workers are plain JavaScript.
 */
import { register } from 'node:module';

register('./worker-typescript-hooks.mjs', import.meta.url);
