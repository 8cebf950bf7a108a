import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { actorOf, type AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { redactDigits } from '../log-redaction.js';
import { isProblem } from '../common/errors.js';
import type { Language } from '../common/messages/language.js';
import { problem } from '../common/messages/problem.js';
import { removePlaceholders, type Recording } from '../household-writes/commands.js';
import { placeholderFor } from '../database/prepared-query.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { HouseholdWriter } from '../household-writes/household-writer.js';
import { Household } from '../households/entities/household.entity.js';
import { RegionsService } from '../regions/regions.service.js';
import { toImportResponse, type ImportResponse, type ImportSummary, type StoredProblem } from './dto/import-response.js';
import { LedgerImport } from './entities/ledger-import.entity.js';
import { ImportPlanner, type PlanContext, type RowPlan } from './import-plan.js';
import { ImportHeartbeat } from './import-heartbeat.js';
import { ImportJobs } from './import-jobs.js';
import { runLedgerPass, type ImportError, type PassBatch } from './ledger-pass.js';
import { inspectLedgerFile, LEDGER_LIMITS, LedgerFileRefusal, type LedgerFileProblem, type LedgerFormat } from './reading/ledger-file.js';
import { DatabaseStoredSource } from './stored-households.js';
import { VillageLookup } from './village-lookup.js';

/** An upload as the controller hands it over. */
export interface UploadedLedger {
  fileName: string;
  bytes: Buffer;
  replacePlaceholders: boolean;
}

/** How often a running import writes its progress (and so shows it is alive), at most. */
const HEARTBEAT_INTERVAL_MS = 1000;
/** An import in a running status whose heartbeat is older than this was cut off (the process stopped). */
const DEFAULT_HEARTBEAT_TIMEOUT_MS = 60_000;

const REFUSAL_STATUS: Partial<Record<LedgerFileProblem, new (body: object) => HttpException>> = {
  too_large: PayloadTooLargeException,
  xls: UnsupportedMediaTypeException,
  encrypted: UnsupportedMediaTypeException,
  macro: UnsupportedMediaTypeException,
  not_a_workbook: UnsupportedMediaTypeException,
  not_a_spreadsheet: UnsupportedMediaTypeException,
};

export function ledgerFileRefused(refusal: LedgerFileRefusal): HttpException {
  const Exception = REFUSAL_STATUS[refusal.problem] ?? BadRequestException;
  return new Exception(ledgerFileProblem(refusal.problem));
}

function ledgerFileProblem(fileProblem: LedgerFileProblem) {
  return problem('ledger_file_refused', {
    problem: fileProblem,
    maxMegabytes: LEDGER_LIMITS.maxBytes / 1024 / 1024,
    maxRows: LEDGER_LIMITS.maxRows,
  });
}

function positiveInteger(text: string | undefined): number | null {
  return text !== undefined && /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}

/** What a pass over the file counted. */
interface Tally {
  summary: ImportSummary;
  errors: ImportError[];
}

function emptyTally(): Tally {
  return { summary: { rows: 0, create: 0, update: 0, unchanged: 0, invalid: 0, removedPlaceholders: 0, changedFields: {} }, errors: [] };
}

function count(tally: Tally, plans: readonly RowPlan[]): void {
  const s = tally.summary;
  for (const plan of plans) {
    s.rows += 1;
    if (plan.kind === 'invalid') {
      s.invalid += 1;
      tally.errors.push(...(plan.errors as ImportError[]));
    } else if (plan.kind === 'create') s.create += 1;
    else if (plan.kind === 'unchanged') s.unchanged += 1;
    else {
      s.update += 1;
      for (const field of plan.changed) s.changedFields[field] = (s.changedFields[field] ?? 0) + 1;
    }
  }
}

/**
 * Ledger imports (台账导入), as DHIS2 does them: an upload is stored and validated in the
 * background, writing nothing to households; its summary and invalid rows are kept; a commit
 * plans the file again inside one transaction against the households as they are then, refuses
 * if that plan differs from the validated one (409), and writes every row's commands through
 * the write model, all or none. Admin anywhere; staff within their scope.
 */
@Injectable()
export class LedgerImportsService {
  private readonly logger = new Logger(LedgerImportsService.name);
  /** IMPORT_HEARTBEAT_TIMEOUT_MS: how long a running import may go without a sign of life (tests shorten it). */
  private readonly heartbeatTimeoutMs = positiveInteger(process.env.IMPORT_HEARTBEAT_TIMEOUT_MS) ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsService,
    private readonly writer: HouseholdWriter,
    private readonly jobs: ImportJobs,
    private readonly writes: WriteTransactions,
    private readonly clock: Clock,
  ) {}

  /** Stores the file and queues its validation: 202 with the import in status validating. */
  async upload(file: UploadedLedger, user: AuthUser, language: Language): Promise<ImportResponse> {
    let format: LedgerFormat;
    try {
      format = inspectLedgerFile(file.bytes, file.fileName);
    } catch (error) {
      if (error instanceof LedgerFileRefusal) throw ledgerFileRefused(error);
      throw error;
    }
    const now = this.clock.now();
    const record = await this.writes.run(async (manager) => {
      const saved = await manager.save(
        manager.create(LedgerImport, {
          status: 'validating',
          fileName: file.fileName,
          format,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          replacePlaceholders: file.replacePlaceholders,
          createdByUserId: user.id,
          createdBy: user.displayName,
          createdAt: now,
          heartbeatAt: now,
        }),
      );
      await manager.query(`UPDATE ledger_imports SET file_bytes = ${this.p(1)} WHERE id = ${this.p(2)}`, [file.bytes, saved.id]);
      return saved;
    });
    this.logger.log({ importId: record.id, userId: user.id, bytes: file.bytes.length, format }, 'ledger import uploaded');
    this.jobs.enqueue(`validate ${record.id}`, (signal) => this.validate(record.id, user, signal));
    return toImportResponse(record, language);
  }

  async get(id: number, user: AuthUser, language: Language): Promise<ImportResponse> {
    return toImportResponse(await this.visible(id, user), language);
  }

  async list(user: AuthUser, language: Language): Promise<ImportResponse[]> {
    const records = await this.dataSource.getRepository(LedgerImport).find({
      where: user.role === 'admin' ? {} : { createdByUserId: user.id },
      order: { id: 'DESC' },
      take: 50,
    });
    return Promise.all(records.map(async (r) => toImportResponse(await this.checkAlive(r), language)));
  }

  /** Queues the commit of a validated import: 202 with the import in status committing. */
  async commit(id: number, skipInvalid: boolean, user: AuthUser, language: Language): Promise<ImportResponse> {
    const record = await this.visible(id, user);
    if (record.status !== 'validated') throw new ConflictException(problem('import_not_validated', { status: record.status }));
    const summary = JSON.parse(record.summary ?? 'null') as ImportSummary | null;
    if (summary && summary.invalid > 0 && !skipInvalid) {
      throw new UnprocessableEntityException(problem('import_has_invalid_rows', { invalid: summary.invalid }));
    }
    const claimed = await this.writes.run(async (manager) => {
      // The households the validated plan updates must still be as it saw them.
      const touched = JSON.parse(record.touched ?? '[]') as [number, number][];
      for (let i = 0; i < touched.length; i += 500) {
        const slice = touched.slice(i, i + 500);
        const now = await manager.find(Household, { select: { id: true, version: true }, where: { id: In(slice.map(([h]) => h)) } });
        const versions = new Map(now.map((h) => [h.id, h.version]));
        if (slice.some(([h, version]) => versions.get(h) !== version)) throw new ConflictException(problem('import_stale'));
      }
      const result = await manager
        .createQueryBuilder()
        .update(LedgerImport)
        .set({ status: 'committing', skipInvalid, heartbeatAt: this.clock.now(), rowsDone: 0, rowsTotal: summary?.rows ?? null })
        .where('id = :id AND status = :status', { id, status: 'validated' })
        .execute();
      return result.affected === 1;
    });
    if (!claimed) throw new ConflictException(problem('import_not_validated', { status: 'committing' }));
    this.logger.log({ importId: id, userId: user.id, skipInvalid }, 'ledger import commit queued');
    this.jobs.enqueue(`commit ${id}`, (signal) => this.runCommit(id, user, skipInvalid, signal));
    return toImportResponse(await this.record(id), language);
  }

  /** The import's file and the invalid rows it holds, for the errors file. */
  async forErrorsFile(id: number, user: AuthUser): Promise<{ record: LedgerImport; bytes: Buffer; errors: ImportError[] }> {
    const record = await this.visible(id, user);
    return { record, bytes: await this.bytes(id), errors: record.errors ? (JSON.parse(record.errors) as ImportError[]) : [] };
  }

  // ── the jobs ──

  private async validate(id: number, user: AuthUser, signal: AbortSignal): Promise<void> {
    const heartbeat = this.heartbeat(id);
    try {
      const record = await this.record(id);
      const tally = emptyTally();
      const touched: [number, number][] = [];
      const bytes = await this.bytes(id);
      const { planner, result } = await this.pass(this.dataSource.manager, record, bytes, user, signal, heartbeat, (batch) => {
        count(tally, batch.plans);
        for (const plan of batch.plans) if (plan.kind === 'update') touched.push([plan.householdId, plan.version]);
        return Promise.resolve();
      });
      await heartbeat.stop();
      if (!result.ok) {
        await this.fail(id, result.problem);
        return;
      }
      tally.summary.removedPlaceholders = [...planner.replacing.values()].reduce((a, b) => a + b, 0);
      await this.writes.run((manager) =>
        manager.update(LedgerImport, id, {
          status: 'validated',
          validatedAt: this.clock.now(),
          heartbeatAt: this.clock.now(),
          rowsDone: result.rows,
          rowsTotal: result.rows,
          headerRow: result.headerRow,
          summary: JSON.stringify(tally.summary),
          warnings: JSON.stringify(result.warnings),
          errors: JSON.stringify(tally.errors),
          errorsTotal: tally.summary.invalid,
          planDigest: planner.digestHex(),
          touched: JSON.stringify(touched),
        }),
      );
      this.logger.log({ importId: id, ...tally.summary, changedFields: undefined }, 'ledger import validated');
    } catch (error) {
      await heartbeat.stop();
      await this.failWith(id, error);
    }
  }

  private async runCommit(id: number, user: AuthUser, skipInvalid: boolean, signal: AbortSignal): Promise<void> {
    const heartbeat = this.heartbeat(id);
    try {
      const record = await this.record(id);
      const bytes = await this.bytes(id);
      const summary = await this.writer.session(async (session) => {
        const tally = emptyTally();
        const { planner, result } = await this.pass(session.manager, record, bytes, user, signal, heartbeat, async (batch: PassBatch) => {
          count(tally, batch.plans);
          if (batch.commands.length > 0) await session.runAll(batch.commands);
        });
        if (!result.ok) throw new ConflictException(problem('import_stale'));
        if (planner.digestHex() !== record.planDigest) throw new ConflictException(problem('import_stale'));
        if (tally.summary.invalid > 0 && !skipInvalid) {
          throw new UnprocessableEntityException(problem('import_has_invalid_rows', { invalid: tally.summary.invalid }));
        }
        const removed = await session.runAll([...planner.replacing.keys()].map((villageId) => removePlaceholders(villageId)));
        tally.summary.removedPlaceholders = removed.reduce((a, b) => a + b, 0);
        await heartbeat.stop();
        // Only over 'committing': if another request took this import for dead meanwhile, it said nothing was written, so nothing is.
        const done = await session.manager
          .createQueryBuilder()
          .update(LedgerImport)
          .set({
            status: 'committed',
            committedAt: this.clock.now(),
            heartbeatAt: this.clock.now(),
            rowsDone: tally.summary.rows,
            summary: JSON.stringify(tally.summary),
          })
          .where('id = :id AND status = :status', { id, status: 'committing' })
          .execute();
        if (done.affected !== 1) throw new ConflictException(problem('import_interrupted', { status: 'committing' }));
        return tally.summary;
      });
      this.logger.log({ importId: id, userId: user.id, ...summary, changedFields: undefined }, 'ledger import committed');
    } catch (error) {
      await heartbeat.stop();
      await this.failWith(id, error);
    }
  }

  /** One pass over the file, planned for `user` against the households `manager` reads. */
  private async pass(
    manager: EntityManager,
    record: LedgerImport,
    bytes: Buffer,
    user: AuthUser,
    signal: AbortSignal,
    heartbeat: ImportHeartbeat,
    batch: (batch: PassBatch) => Promise<void>,
  ) {
    const access = await this.regions.accessFor(user);
    const recording: Recording = { actor: actorOf(user), role: user.role, today: this.clock.today(), now: this.clock.now() };
    const context: PlanContext = {
      lookup: new VillageLookup(access.tree, (id) => access.scope.covers(id)),
      source: new DatabaseStoredSource(manager, access.scope),
      user,
      scope: access.scope,
      recording,
      importDay: recording.today,
      fileName: record.fileName,
      replacePlaceholders: record.replacePlaceholders,
      assertVillage: (villageId) => this.regions.assertVillage(access, villageId, 'villageId'),
      villageName: (villageId) => access.tree.get(villageId)?.name ?? String(villageId),
    };
    const planner = new ImportPlanner(context);
    const result = await runLedgerPass(
      bytes,
      record.format,
      planner,
      { today: recording.today },
      {
        batch,
        signal,
        progress: (rowsDone) => heartbeat.progress(rowsDone),
      },
    );
    return { planner, result };
  }

  /** Starts the heartbeat of a job on import `id` (its writes take the shared connection, inside a SQLite session too). */
  private heartbeat(id: number): ImportHeartbeat {
    const interval = Math.max(50, Math.min(HEARTBEAT_INTERVAL_MS, Math.floor(this.heartbeatTimeoutMs / 3)));
    return new ImportHeartbeat(async (rowsDone) => {
      await this.dataSource.getRepository(LedgerImport).update(id, { rowsDone, heartbeatAt: this.clock.now() });
    }, interval);
  }

  private async fail(id: number, failure: StoredProblem): Promise<void> {
    await this.writes.run((manager) =>
      manager.update(LedgerImport, id, {
        status: 'failed',
        heartbeatAt: this.clock.now(),
        failure: JSON.stringify({ code: failure.code, params: failure.params }),
      }),
    );
    this.logger.warn({ importId: id, code: failure.code }, 'ledger import failed');
  }

  private async failWith(id: number, error: unknown): Promise<void> {
    if (error instanceof LedgerFileRefusal) {
      // The clerk sees the reason; the engineer needs what the reader said (an unreadable file's
      // parser error), its digit runs starred: a parser may quote a cell, and cells hold ID numbers.
      if (error.cause !== undefined) {
        const said = error.cause instanceof Error ? redactDigits(`${error.cause.name}: ${error.cause.message}`) : typeof error.cause;
        this.logger.warn({ importId: id, problem: error.problem, reader: said }, 'ledger file refused while read');
      }
      return this.fail(id, ledgerFileProblem(error.problem));
    }
    const response = error instanceof HttpException ? error.getResponse() : null;
    if (isProblem(response)) return this.fail(id, response);
    if (error instanceof Error && error.name === 'AbortError') return this.fail(id, { code: 'import_interrupted', params: {} });
    this.logger.error({ err: error, importId: id }, 'ledger import failed unexpectedly');
    await this.fail(id, { code: 'internal_error', params: {} }).catch(() => undefined);
  }

  // ── records ──

  private async record(id: number): Promise<LedgerImport> {
    const record = await this.dataSource.getRepository(LedgerImport).findOneBy({ id });
    if (!record) throw new NotFoundException(problem('import_not_found', { id }));
    return record;
  }

  /** The import, when `user` may see it (an admin every one, others their own); else 404. */
  private async visible(id: number, user: AuthUser): Promise<LedgerImport> {
    const record = await this.record(id);
    if (user.role !== 'admin' && record.createdByUserId !== user.id) throw new NotFoundException(problem('import_not_found', { id }));
    return this.checkAlive(record);
  }

  /** An import left running by a process that stopped is failed (its commit rolled back with the process). */
  private async checkAlive(record: LedgerImport): Promise<LedgerImport> {
    const running = record.status === 'validating' || record.status === 'committing';
    if (!running || this.clock.now().getTime() - record.heartbeatAt.getTime() < this.heartbeatTimeoutMs) return record;
    const failure = JSON.stringify({ code: 'import_interrupted', params: { status: record.status } });
    const result = await this.writes.run((manager) =>
      manager
        .createQueryBuilder()
        .update(LedgerImport)
        .set({ status: 'failed', failure })
        .where('id = :id AND status = :status AND rows_done = :rowsDone', {
          id: record.id,
          status: record.status,
          rowsDone: record.rowsDone,
        })
        .execute(),
    );
    return result.affected === 1 ? { ...record, status: 'failed', failure } : this.record(record.id);
  }

  private async bytes(id: number): Promise<Buffer> {
    const [row]: { file_bytes: Buffer | Uint8Array }[] = await this.dataSource.query(
      `SELECT file_bytes FROM ledger_imports WHERE id = ${this.p(1)}`,
      [id],
    );
    return Buffer.from(row.file_bytes);
  }

  private p(n: number): string {
    return placeholderFor(this.dataSource)(n);
  }
}
