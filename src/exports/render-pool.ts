import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { AuthUser } from '../auth/auth-user.js';
import type { WorkerScript } from '../common/worker-script.js';
import type { PeriodReport } from '../reports/period/period-report.types.js';
import type { LedgerWorkbook } from '../households/ledger-export-xlsx.js';
import type { AcceptanceForm } from './acceptance-form.types.js';
import type { HouseholdRecord } from './household-record.types.js';
import { RenderAdmission, type RenderRefusal } from './render-admission.js';
import { RenderBusyException } from './render-busy.exception.js';
import type { RenderPoolSettings } from './render-pool-settings.js';
import type { RenderedFormat, RenderTask } from './render-task.js';

/** A render that failed in its worker: a 500 with what was being drawn, and the worker's stack. */
export class RenderFailedError extends Error {
  override readonly name = 'RenderFailedError';

  constructor(what: string, cause: unknown) {
    // The worker's error comes as a copy (a structured clone), which need not be an instance of
    // this realm's Error: read its fields rather than test its class.
    const { message, stack } = (typeof cause === 'object' && cause !== null ? cause : { message: String(cause) }) as {
      message?: unknown;
      stack?: unknown;
    };
    super(`Rendering ${what} failed: ${String(message)}`, { cause });
    if (typeof stack === 'string') this.stack = `${this.name}: ${this.message}\n${stack}`;
  }
}

function describeTask(task: RenderTask): string {
  switch (task.kind) {
    case 'period-report':
      return `the period report as ${task.format}`;
    case 'household-record':
      return 'a household record';
    case 'acceptance-form':
      return 'an acceptance form';
    case 'household-ledger':
      return 'the household ledger as xlsx';
  }
}

/**
 * Draws the CPU-heavy exports (period report PDF, PNG, SVG and XLSX; the household record PDF; the household ledger XLSX)
 * on a few worker threads, so that a burst of exports never holds up the event loop that
 * answers everything else (issue 11: four clients pulling the weekly PNG made /api/health
 * take half a second). Bounded on every side: `threads` workers with a heap limit each, a short
 * queue, and a share per user; a render past either limit is refused at once with a 503 and
 * Retry-After. Workers start on the first render and exit when idle. One pool per application,
 * closed when the application shuts down.
 */
export class RenderPool implements OnApplicationShutdown {
  private readonly logger = new Logger(RenderPool.name);
  private readonly workers: Piscina<RenderTask, Uint8Array>;
  /** Public so that tests can fill it without depending on how long a render takes. */
  readonly admission: RenderAdmission;

  constructor(
    readonly settings: RenderPoolSettings,
    worker: WorkerScript,
  ) {
    this.admission = new RenderAdmission({ capacity: settings.threads * (1 + settings.queuePerThread), perUser: settings.perUser });
    this.workers = new Piscina({
      filename: worker.filename,
      execArgv: worker.execArgv,
      minThreads: 0,
      maxThreads: settings.threads,
      // One render at a time per worker: they are CPU-bound, a second would only wait inside.
      concurrentTasksPerWorker: 1,
      idleTimeout: settings.idleTimeoutMs,
      // First come, first drawn. By default piscina puts a waiting task it could not hand out
      // back at the end of its queue, so with one thread and a few clients pulling files without
      // pause one request waited while the others were served again and again (6 s in
      // bench:render-load).
      stricterFIFO: true,
      resourceLimits: { maxOldGenerationSizeMb: settings.heapMb },
    });
    // A worker that fails with no task of its own (while starting) reports here, not to a caller.
    this.workers.on('error', (error: unknown) =>
      this.logger.error(
        { err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
        'render worker failed',
      ),
    );
  }

  periodReport(report: PeriodReport, format: RenderedFormat, user: Pick<AuthUser, 'id'>): Promise<Buffer> {
    return this.run({ kind: 'period-report', format, report }, user);
  }

  householdRecordPdf(record: HouseholdRecord, user: Pick<AuthUser, 'id'>): Promise<Buffer> {
    return this.run({ kind: 'household-record', record }, user);
  }

  acceptanceFormPdf(form: AcceptanceForm, user: Pick<AuthUser, 'id'>): Promise<Buffer> {
    return this.run({ kind: 'acceptance-form', form }, user);
  }

  householdLedgerXlsx(ledger: LedgerWorkbook, user: Pick<AuthUser, 'id'>): Promise<Buffer> {
    return this.run({ kind: 'household-ledger', ledger }, user);
  }

  /**
   * Throws the RenderBusyException a render of `user`'s would get now, without taking a place:
   * for a caller to turn an export away before the work that leads to its render (building a
   * province's report takes seconds of the event loop). The render itself is still admitted
   * or refused when it comes.
   */
  checkRoom(user: Pick<AuthUser, 'id'>, what: string): void {
    const refusal = this.admission.refusalFor(user.id);
    if (refusal) this.refuse(refusal, user, what);
  }

  /** Draws `task` on a worker thread for `user`, or refuses it at once (RenderBusyException). */
  async run(task: RenderTask, user: Pick<AuthUser, 'id'>): Promise<Buffer> {
    const slot = this.admission.admit(user.id);
    if (typeof slot === 'string') this.refuse(slot, user, describeTask(task));
    try {
      const content = await this.workers.run(task);
      // The worker moved the file's memory here: wrap it, no copy.
      return Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    } catch (error) {
      throw new RenderFailedError(describeTask(task), error);
    } finally {
      slot.release();
    }
  }

  private refuse(refusal: RenderRefusal, user: Pick<AuthUser, 'id'>, what: string): never {
    this.logger.warn({ userId: user.id, refusal, inFlight: this.admission.inFlight, task: what }, 'render refused: too many in flight');
    throw new RenderBusyException(refusal, this.settings.retryAfterSeconds);
  }

  /** Workers now running (none until the first render, none again once idle). */
  get threadCount(): number {
    return this.workers.threads.length;
  }

  /**
   * After the HTTP server has closed, so the requests it was still answering got their files.
   * Ends the workers at once: whatever is still queued then has nobody waiting for it.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.workers.destroy();
  }
}
