import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { RECORDED_REQUEST_DAYS } from '../household-writes/recorded-requests.js';
import { RecordedRequest } from './entities/recorded-request.entity.js';

/** How often the old clientIds are deleted. */
const PURGE_EVERY_MS = 6 * 3600_000;

/**
 * Forgets clientIds older than RECORDED_REQUEST_DAYS, at start and every few hours: a phone
 * that was offline longer than that sends a move its user sees as long done, and the version
 * check refuses it if the household moved since. Housekeeping of the retry records only; no
 * household, history or counter is touched. Safe on several instances at once (a DELETE by age).
 */
@Injectable()
export class RecordedRequestsPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecordedRequestsPurge.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly writes: WriteTransactions,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.purge();
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes the records older than the retention; answers how many. */
  async purge(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - RECORDED_REQUEST_DAYS * 86_400_000);
    try {
      const { affected } = await this.writes.run((manager) => manager.delete(RecordedRequest, { recordedAt: LessThan(before) }));
      if (affected) this.logger.log({ deleted: affected, before: before.toISOString() }, 'old clientIds forgotten');
      return affected ?? 0;
    } catch (error) {
      // The next round tries again; a failed purge only keeps records a little longer.
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not forget old clientIds');
      return 0;
    }
  }
}
