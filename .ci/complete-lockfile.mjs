// The npm registry this project is built against serves only the platform builds of native
// packages that run here (linux x64 and a few more). `npm install` then writes a lock file that
// names other platforms' optional builds (@swc/core-darwin-arm64, …) without entries, and
// `npm ci` refuses such a lock file. This adds an entry for each, restricted to its os and cpu,
// so npm skips it on every other machine. Run it after any `npm install`:
//   node .ci/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU = [
  ['arm64', 'arm64'],
  ['aarch64', 'arm64'],
  ['x64', 'x64'],
  ['ia32', 'ia32'],
  ['arm', 'arm'],
  ['ppc64', 'ppc64'],
  ['s390x', 's390x'],
  ['loong64', 'loong64'],
  ['riscv64', 'riscv64'],
  ['universal', null],
];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((o) => parts.includes(o));
  const cpu = CPU.find(([token]) => parts.includes(token));
  if (!os) return null;
  const entry = { os: [os] };
  if (cpu && cpu[1]) entry.cpu = [cpu[1]];
  if (parts.some((p) => p.startsWith('musl'))) entry.libc = ['musl'];
  else if (parts.includes('gnu') || parts.some((p) => p.startsWith('gnueabi'))) entry.libc = ['glibc'];
  return entry;
}

let added = 0;
for (const [key, pkg] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const nested = `${key ? `${key}/` : ''}node_modules/${dep}`;
    if (packages[nested] || packages[`node_modules/${dep}`]) continue;
    const platform = platformOf(dep);
    if (!platform) throw new Error(`${dep} is missing from the lock file and is not a platform build`);
    packages[`node_modules/${dep}`] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} entries for other platforms' optional builds`);
