import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/**
 * Builds the web pages into dist/web: the browser code (src/web/client) bundled and minified by
 * esbuild into content-hashed files under assets/ (the wall chart's ECharts code in its own
 * chunk, loaded when the chart is opened), index.html pointing at them, and a .br and a .gz copy
 * of every text file so the server sends them compressed without compressing per request.
 * Then the service worker (src/web/client/sw.ts) as dist/web/sw.js, at the site's root so that
 * it controls every page, and not hashed, so the browser finds each build's worker at the same
 * address: the list of this build's shell files is written into it, so a new build's worker
 * replaces the cached shell. web-pages.ts serves it, like index.html, with no-cache.
 * Run by `npm run build` (node dist/src/web/build-web.js).
 */

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const CLIENT = join(PROJECT, 'src/web/client');
const WEB_OUT = join(PROJECT, 'dist/web');

/** What a browser loads (source maps only open in developer tools: left uncompressed). */
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/** The bundle's browsers (see the pages' build below), for the service worker too. */
const TARGET = ['es2020', 'chrome90', 'safari15', 'firefox90'];

export async function buildWebPages(outDir = WEB_OUT): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const assets = join(outDir, 'assets');
  const result = await build({
    entryPoints: { main: join(CLIENT, 'main.ts') },
    outdir: assets,
    bundle: true,
    splitting: true,
    format: 'esm',
    // Chromium 90-era browsers (360, QQ and office PCs) and Safari 15 (iPhones from 2021 on; esbuild
    // cannot lower destructuring for Safari 14).
    target: TARGET,
    minify: true,
    sourcemap: 'linked',
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    tsconfig: join(CLIENT, 'tsconfig.json'),
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const entry = entryFiles(result.metafile, outDir);
  const template = await readFile(join(CLIENT, 'index.html'), 'utf8');
  const html = template.replace('{{main.js}}', `/${entry.js}`).replace('{{main.css}}', `/${entry.css}`);
  if (html.includes('{{')) throw new Error('index.html has a placeholder the build does not fill');
  await writeFile(join(outDir, 'index.html'), html);
  await buildServiceWorker(outDir, shellFiles(result.metafile, outDir));
  const files = await listFiles(outDir);
  await Promise.all(files.filter((f) => COMPRESSIBLE.test(f)).map((f) => precompress(join(outDir, f))));
}

function entryFiles(metafile: Metafile, outDir: string): { js: string; css: string } {
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint && file.endsWith('.js')) {
      if (!output.cssBundle) throw new Error('The entry point has no CSS bundle');
      return { js: toUrlPath(relative(outDir, file)), css: toUrlPath(relative(outDir, output.cssBundle)) };
    }
  }
  throw new Error('esbuild wrote no entry point');
}

/** What the pages need to open offline: every script and stylesheet of this build (not the source maps or licences). */
export function shellFiles(metafile: Metafile, outDir: string): string[] {
  return Object.keys(metafile.outputs)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => `/${toUrlPath(relative(outDir, file))}`)
    .sort();
}

/** A version that changes exactly when the shell's files do (their names carry their content's hash). */
export function shellVersion(files: readonly string[]): string {
  return createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
}

async function buildServiceWorker(outDir: string, files: string[]): Promise<void> {
  await build({
    entryPoints: [join(CLIENT, 'sw.ts')],
    outfile: join(outDir, 'sw.js'),
    bundle: true,
    format: 'iife',
    target: TARGET,
    minify: true,
    tsconfig: join(CLIENT, 'tsconfig.json'),
    define: { __SHELL_FILES__: JSON.stringify(files), __SHELL_VERSION__: JSON.stringify(shellVersion(files)) },
    legalComments: 'none',
    logLevel: 'warning',
  });
}

function toUrlPath(path: string): string {
  return path.split(/[\\/]/).join('/');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(join(dir, entry.name), path)));
    else found.push(path);
  }
  return found;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

async function precompress(path: string): Promise<void> {
  const content = await readFile(path);
  const [gz, br] = await Promise.all([
    gzipAsync(content, { level: 9 }),
    brotliAsync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length } }),
  ]);
  await Promise.all([writeFile(`${path}.gz`, gz), writeFile(`${path}.br`, br)]);
}

// Quiet on success, like tsc before it: `npm run report` builds first and prints only the file's path.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWebPages().catch((error: unknown) => {
    process.stderr.write(`Building the web pages failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
