/**
 * The benchmark's child processes: the server under test (the real server, as `npm start` runs it), the
 * bare reference, and the load generator (load-worker.ts, forked once per workload). Servers
 * are sampled for memory from /proc while they run and are always stopped by their pid.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-worker.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The project root, where the server runs as `npm start` would run it: the nearest folder above
 * this file with a package.json (the benchmark runs this file compiled, from dist/test/bench;
 * the browser tests run it from source).
 */
export const projectRoot = nearestPackageFolder(here);

function nearestPackageFolder(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in MiB, from /proc. */
function memoryOf(pid: number): { hwm: number; rss: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwm: kib('VmHWM') / 1024, rss: kib('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

/**
 * How busy the machine's CPUs are over `ms` milliseconds (0–100%), from /proc/stat: taken when
 * none of the benchmark's own processes is working, it shows whether something else (a test
 * run, a build) would skew the figures.
 */
export async function machineBusyPercent(ms = 1500): Promise<number | null> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  if (!before || !after || after.total === before.total) return null;
  return (100 * (after.busy - before.busy)) / (after.total - before.total);
}

/** CPU time of the whole machine (all CPUs) in clock ticks, busy and in total, from /proc/stat. */
export function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - fields[3] - fields[4], total };
  } catch {
    return null;
  }
}

/** CPU time a process has used (user + system) in clock ticks, from /proc/<pid>/stat. */
export function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** The CPU ticks of each running process called `name` (e.g. every postgres backend), by pid. */
export function ticksOfProcessesNamed(name: string): Map<number, number> {
  const ticks = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return ticks;
  }
  for (const pid of entries) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== name) continue;
      const used = processTicks(Number(pid));
      if (used !== null) ticks.set(Number(pid), used);
    } catch {
      // the process has gone
    }
  }
  return ticks;
}

/**
 * The ticks processes called `name` used since `before` was taken: each running one's growth,
 * a new one's whole count. A process that exited meanwhile (a pooled connection closed, an
 * autovacuum worker done) takes its ticks with it, so this can fall short; a sum of totals
 * taken twice would instead go negative, as it did at a million households.
 */
export function ticksSince(before: Map<number, number>, name: string): number {
  let ticks = 0;
  for (const [pid, now] of ticksOfProcessesNamed(name)) ticks += Math.max(0, now - (before.get(pid) ?? 0));
  return ticks;
}

/** Clock ticks per second in /proc (USER_HZ, 100 on Linux). */
export const TICKS_PER_SECOND = 100;

export interface ServerProcess {
  name: string;
  baseUrl: string;
  pid: number;
  /** Highest resident memory seen so far, MiB: the kernel's VmHWM and the polled VmRSS. */
  peakRssMb(): number;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and returns its peak memory in MiB. */
  stop(): Promise<number>;
}

/** Every server started and not yet stopped, so a failure or a signal can stop them all. */
const running = new Set<ServerProcess>();

export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/**
 * Starts `node <script>` with `env` and waits until GET `healthPath` answers 200. Its standard
 * output and error are kept (the last 64 KiB) and shown if it fails to start or dies.
 * BENCH_SERVER_NODE_ARGS adds node flags to every server it starts, e.g. to profile one:
 * `BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench -- …` (Node refuses
 * --cpu-prof in NODE_OPTIONS).
 */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  port: number,
  healthPath: string,
  scriptNodeArgs: string[] = [],
): Promise<ServerProcess> {
  const nodeArgs = [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...scriptNodeArgs];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: projectRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  let stopping = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    exited = true;
    if (!stopping) process.stderr.write(`\n${name} exited unexpectedly (${signal ?? code}); its output:\n${output}\n`);
  });
  let peak = 0;
  const sample = () => {
    const memory = memoryOf(child.pid!);
    if (memory) peak = Math.max(peak, memory.hwm, memory.rss);
  };
  const sampler = setInterval(sample, 250);
  const server: ServerProcess = {
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    peakRssMb: () => {
      sample();
      return peak;
    },
    async stop() {
      if (!running.delete(server)) return peak;
      sample();
      clearInterval(sampler);
      stopping = true;
      if (!exited) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => {
          if (!exited) child.kill('SIGKILL');
        }, 5000);
        await exit;
        clearTimeout(killer);
      }
      return peak;
    },
  };
  running.add(server);
  const deadline = Date.now() + 120_000;
  for (;;) {
    // Set by the 'exit' listener while this loop awaits (as `exited` is, which narrowing cannot see).
    if (child.exitCode !== null || child.signalCode !== null) {
      await server.stop();
      throw new Error(`${name} did not start:\n${output}`);
    }
    try {
      const response = await fetch(`${server.baseUrl}${healthPath}`);
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${name} did not answer ${healthPath} within 2 minutes:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The built server, the file `npm start` runs. */
export function appServerScript(): string {
  return join(projectRoot, 'dist', 'src', 'main.js');
}

/** What `npm start` runs: the environment it sets (as the shell would, given this process's), the node flags and the script. */
export interface StartCommand {
  env: Record<string, string>;
  nodeArgs: string[];
  script: string;
}

/**
 * package.json's start script, taken apart so the benchmark starts the server exactly as
 * `npm start` does (its memory settings are part of what is measured). It understands the
 * script's one shape, `VAR=${VAR:-default} … node --flag … file.js`, and throws on any other,
 * so a changed script cannot be measured without its settings.
 */
export function npmStartCommand(): StartCommand {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = scripts.start.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length && words[i] !== 'node'; i++) {
    const assignment = /^([A-Z_][A-Z0-9_]*)=(?:\$\{\1:-([^}]*)\}|([^$]*))$/.exec(words[i]);
    if (!assignment) throw new Error(`npm start's script has a word the benchmark does not understand: ${words[i]}`);
    const [, name, fallback, value] = assignment;
    env[name] = value ?? process.env[name] ?? fallback;
  }
  const nodeArgs = words.slice(i + 1, -1);
  const script = words.at(-1);
  if (i === words.length || !script?.endsWith('.js') || nodeArgs.some((arg) => !arg.startsWith('--'))) {
    throw new Error(`npm start's script is not \`[VAR=…] node [--flag…] file.js\`: ${scripts.start}`);
  }
  return { env, nodeArgs, script: join(projectRoot, script) };
}

/**
 * The application server as `npm start` runs it (its environment defaults and node flags:
 * README, "Configuration"), with `env` on top; `script` to start another build's main.js.
 */
export function startApplication(env: Record<string, string>, port: number, script?: string): Promise<ServerProcess> {
  const start = npmStartCommand();
  return startServer('the application server', script ?? start.script, { ...start.env, ...env }, port, '/api/health', start.nodeArgs);
}

export function bareServerScript(): string {
  return join(here, 'bare-server.js');
}

/** Runs one workload in a forked load-worker process and returns its figures. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker: ChildProcess = fork(join(here, 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    worker.once('message', (message: { result?: LoadResult; error?: string }) => {
      settled = true;
      if (message.result) resolve(message.result);
      else reject(new Error(`load generator failed: ${message.error}`));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with ${code} before reporting`));
    });
    worker.send(spec);
  });
}
