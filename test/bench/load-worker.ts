/**
 * The load generator: runs one autocannon workload in its own process, so the server under test
 * and the benchmark's bookkeeping do not share an event loop or CPU accounting with it.
 * bench.ts forks this file, sends one `LoadSpec` and receives one `LoadResult`.
 */
import autocannon from 'autocannon';

export interface TransitionTarget {
  id: number;
  status: 'in_progress' | 'completed';
  version: number;
}

export type LoadSpec = {
  url: string;
  connections: number;
  seconds: number;
  /** Seconds before a request counts as timed out. */
  timeout: number;
  headers: Record<string, string>;
} & (
  | { kind: 'get'; path: string }
  /** GET `${prefix}${id}` for a random id in 1..maxId. */
  | { kind: 'random-id'; prefix: string; maxId: number }
  /**
   * Status transitions in_progress → completed → in_progress (failed acceptance, with a note) → …
   * `api`: POST /api/households/:id/transitions; `bare`: POST /transition with the id in the body.
   */
  | { kind: 'transitions'; style: 'api' | 'bare'; occurredOn: string; pool: TransitionTarget[] }
);

export interface LoadResult {
  /** 2xx responses per second over the run. */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Latency of the 2xx responses, milliseconds. */
  p50Ms: number | null;
  p99Ms: number | null;
  statusCodes: Record<string, number>;
  /** The first few non-2xx bodies, to tell what went wrong. */
  sampleErrors: string[];
  /** Transitions: households dropped from the rotation after a non-2xx or a lost response. */
  dropped?: number;
  /** CPU time the load generator's process used in all, milliseconds. */
  cpuMs: number;
}

const FAILED_ACCEPTANCE_NOTE = '验收不合格：基准测试返工';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Each connection's own slice of the pool (so two connections never race for one household). */
function transitionClients(spec: Extract<LoadSpec, { kind: 'transitions' }>, sampleErrors: string[], dropped: { count: number }) {
  let nextClient = 0;
  const slices: TransitionTarget[][] = Array.from({ length: spec.connections }, () => []);
  spec.pool.forEach((target, i) => slices[i % spec.connections].push({ ...target }));
  return (client: autocannon.Client) => {
    const slice = slices[nextClient++ % spec.connections];
    let cursor = 0;
    let inFlight: TransitionTarget | null = null;
    const request: autocannon.Request = {
      method: 'POST',
      setupRequest: (req) => {
        // A request that never got its response (a timeout) leaves that household's state
        // unknown: stop using it.
        if (inFlight) drop(inFlight);
        const target = nextTarget();
        if (!target) return req; // every household dropped: keeps sending, and the 4xx show it
        inFlight = target;
        const to = target.status === 'in_progress' ? 'completed' : 'in_progress';
        const body: Record<string, unknown> = { to, occurredOn: spec.occurredOn, version: target.version };
        if (to === 'in_progress') body.note = FAILED_ACCEPTANCE_NOTE;
        if (spec.style === 'bare') body.id = target.id;
        return {
          ...req,
          path: spec.style === 'bare' ? '/transition' : `/api/households/${target.id}/transitions`,
          body: JSON.stringify(body),
        };
      },
      onResponse: (status, body) => {
        const target = inFlight;
        inFlight = null;
        if (!target) return;
        if (status >= 200 && status < 300) {
          const household = JSON.parse(body) as { status: TransitionTarget['status']; version: number };
          target.status = household.status;
          target.version = household.version;
        } else {
          if (sampleErrors.length < 5) sampleErrors.push(`${status} household ${target.id}: ${body.slice(0, 300)}`);
          drop(target);
        }
      },
    };
    function drop(target: TransitionTarget): void {
      const i = slice.indexOf(target);
      if (i >= 0) {
        slice.splice(i, 1);
        dropped.count++;
      }
    }
    function nextTarget(): TransitionTarget | undefined {
      if (slice.length === 0) return undefined;
      cursor = (cursor + 1) % slice.length;
      return slice[cursor];
    }
    client.setRequests([request]);
  };
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const sampleErrors: string[] = [];
  const dropped = { count: 0 };
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: spec.timeout,
    headers: { 'content-type': 'application/json', ...spec.headers },
  };
  if (spec.kind === 'get') options.requests = [{ method: 'GET', path: spec.path }];
  if (spec.kind === 'random-id') {
    options.requests = [
      { method: 'GET', setupRequest: (req) => ({ ...req, path: `${spec.prefix}${1 + Math.floor(Math.random() * spec.maxId)}` }) },
    ];
  }
  if (spec.kind === 'transitions') options.setupClient = transitionClients(spec, sampleErrors, dropped);
  if (spec.kind !== 'transitions') {
    const requests = options.requests!;
    requests[0].onResponse = (status, body) => {
      if ((status < 200 || status >= 300) && sampleErrors.length < 5) sampleErrors.push(`${status}: ${body.slice(0, 300)}`);
    };
  }

  // autocannon's histogram keeps whole milliseconds; keep every 2xx latency exactly instead.
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (stat as { count: number }).count;
  return {
    rps: result['2xx'] / result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statusCodes,
    sampleErrors,
    ...(spec.kind === 'transitions' ? { dropped: dropped.count } : {}),
    cpuMs: ((cpu) => (cpu.user + cpu.system) / 1000)(process.cpuUsage()),
  };
}

if (process.send) {
  process.once('message', (spec: LoadSpec) => {
    run(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) =>
        process.send!({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
    );
  });
}
