/**
 * Module hooks for worker threads run from the TypeScript sources (see worker-typescript.mjs):
 * `./x.js` resolves to `./x.ts` when only that exists (Jest's moduleNameMapper does the same), and
 * `.ts` files are compiled by swc with the options Jest uses (swc-options.mjs).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SWC_OPTIONS } from './swc-options.mjs';

const { transformSync } = createRequire(import.meta.url)('@swc/core');

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript = context.parentURL?.startsWith('file:') && context.parentURL.endsWith('.ts');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !fromTypeScript || !/^\.{1,2}\/.*\.js$/.test(specifier)) throw error;
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { code } = transformSync(await readFile(filename, 'utf8'), { ...SWC_OPTIONS, filename });
  return { format: 'module', source: code, shortCircuit: true };
}
