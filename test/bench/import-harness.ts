/**
 * What the import benchmark (import.bench.ts) needs around the server: a fresh database (a SQLite
 * file in a new temporary folder, or a new PostgreSQL database, created and dropped), a small
 * API client with the admin's token, the region tree created through the API, a sampler that
 * asks GET /api/health one request at a time, and CPU meters for the server, PostgreSQL and the
 * rest of the machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { PlannedRegions } from './ledger-workbook.js';
import { machineTicks, processTicks, TICKS_PER_SECOND, ticksOfProcessesNamed, ticksSince } from './processes.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The server the PostgreSQL runs create their databases on, unless DATABASE_URL names another. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  kind: DatabaseKind;
  url: string;
  describe: string;
  /** The database's size on disk now (SQLite: the file and its WAL), bytes. */
  sizeBytes(): Promise<number | null>;
  drop(): Promise<void>;
}

export async function freshDatabase(kind: DatabaseKind): Promise<FreshDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tracker-import-bench-'));
    const path = join(dir, 'import.sqlite');
    return {
      kind,
      url: `sqlite:${path}`,
      describe: path,
      sizeBytes: () => {
        let total = 0;
        for (const file of [path, `${path}-wal`]) {
          try {
            total += statSync(file).size;
          } catch {
            // no WAL file
          }
        }
        return Promise.resolve(total);
      },
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const configured = process.env.DATABASE_URL;
  const adminUrl = configured && /^postgres(ql)?:\/\//.test(configured) ? configured : DEFAULT_POSTGRES_URL;
  const name = `tracker_import_bench_${randomBytes(6).toString('hex')}`;
  const admin = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    describe: `${url.host}/${name}`,
    sizeBytes: async () => Number((await admin<{ size: string }>('SELECT pg_database_size($1) AS size', [name]))[0].size),
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: ${status} ${body.slice(0, 2000)}`);
  }
}

/** The API as the admin: JSON in and out, and one multipart upload. */
export class Api {
  private token = '';

  constructor(readonly baseUrl: string) {}

  async signIn(username: string, password: string): Promise<void> {
    const { accessToken } = await this.json<{ accessToken: string }>('POST', '/api/auth/login', { username, password });
    this.token = accessToken;
  }

  private headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}`, 'accept-language': 'en' } : { 'accept-language': 'en' };
  }

  async json<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 120_000): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...this.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, text, `${method} ${path}`);
    return JSON.parse(text) as T;
  }

  /** POST multipart/form-data: `fields`, then the file as `file`. */
  async upload<T>(path: string, file: { bytes: Uint8Array; name: string; type: string }, fields: Record<string, string> = {}): Promise<T> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: this.headers(),
      body: form,
      signal: AbortSignal.timeout(600_000),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, text, `POST ${path} (multipart, ${file.bytes.length} bytes)`);
    return JSON.parse(text) as T;
  }
}

/** The county, its townships and villages through POST /api/regions and /api/villages; answers the village ids by name. */
export async function createRegions(api: Api, regions: PlannedRegions): Promise<Map<string, number>> {
  const county = await api.json<{ id: number }>('POST', '/api/regions', { level: 'county', name: regions.county });
  const townships = new Map<string, number>();
  for (const name of regions.townships) {
    const township = await api.json<{ id: number }>('POST', '/api/regions', { level: 'township', name, parentId: county.id });
    townships.set(name, township.id);
  }
  const villages = new Map<string, number>();
  for (const village of regions.villages) {
    const created = await api.json<{ id: number }>('POST', '/api/villages', {
      name: village.name,
      townshipId: townships.get(village.township)!,
    });
    villages.set(village.name, created.id);
  }
  return villages;
}

export interface LatencyFigures {
  requests: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** The slowest answers, with when they were sent (s after the sampler started). */
  slowest: { atS: number; ms: number }[];
  firstFailure: string | null;
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * GET /api/health one request at a time, the next sent `everyMs` after the last one was sent
 * (at once when an answer took longer), until stopped. A failure (a non-200, a timeout, a
 * refused connection) counts as a request taking as long as it did.
 */
export class HealthSampler {
  private readonly samples: { at: number; ms: number }[] = [];
  private failures = 0;
  private firstFailure: string | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private started = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly everyMs = 20,
  ) {}

  start(): void {
    this.running = true;
    this.started = performance.now();
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const sent = performance.now();
      try {
        const response = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        if (!response.ok) this.fail(`status ${response.status}`);
      } catch (error) {
        this.fail(error instanceof Error ? error.message : String(error));
      }
      const done = performance.now();
      this.samples.push({ at: sent - this.started, ms: done - sent });
      const wait = this.everyMs - (done - sent);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private fail(message: string): void {
    this.failures++;
    this.firstFailure ??= message;
  }

  async stop(): Promise<LatencyFigures> {
    this.running = false;
    await this.loop;
    const sorted = this.samples.map((s) => s.ms).sort((a, b) => a - b);
    const slowest = [...this.samples]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((s) => ({ atS: s.at / 1000, ms: s.ms }));
    return {
      requests: this.samples.length,
      failures: this.failures,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1],
      slowest,
      firstFailure: this.firstFailure,
    };
  }
}

/** CPU seconds over a phase: the server, PostgreSQL's processes (any on this machine), this process, and everything else. */
export interface CpuFigures {
  wallS: number;
  serverS: number | null;
  postgresS: number;
  benchS: number;
  /** Busy CPU time of every other process on the machine (2 cores: up to 2 s per second). */
  otherS: number | null;
}

export class CpuMeter {
  private readonly machine = machineTicks();
  private readonly server: number | null;
  private readonly postgres: Map<number, number>;
  private readonly self = process.cpuUsage();
  private readonly wall = performance.now();

  constructor(
    private readonly serverPid: number,
    private readonly withPostgres: boolean,
  ) {
    this.server = processTicks(serverPid);
    this.postgres = withPostgres ? ticksOfProcessesNamed('postgres') : new Map();
  }

  read(): CpuFigures {
    const machine = machineTicks();
    const server = processTicks(this.serverPid);
    const postgres = this.withPostgres ? ticksSince(this.postgres, 'postgres') : 0;
    const self = process.cpuUsage(this.self);
    const serverS = server === null || this.server === null ? null : (server - this.server) / TICKS_PER_SECOND;
    const postgresS = postgres / TICKS_PER_SECOND;
    const benchS = (self.user + self.system) / 1e6;
    const busyS = machine && this.machine ? (machine.busy - this.machine.busy) / TICKS_PER_SECOND : null;
    return {
      wallS: (performance.now() - this.wall) / 1000,
      serverS,
      postgresS,
      benchS,
      otherS: busyS === null || serverS === null ? null : Math.max(0, busyS - serverS - postgresS - benchS),
    };
  }
}

/** A process's resident memory now (VmRSS) and its peak so far (VmHWM), MiB, from /proc. */
export function memoryMb(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}
