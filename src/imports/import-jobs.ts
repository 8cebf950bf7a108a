import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/**
 * The imports an instance works on, one at a time (a 100,000-row file is read, planned and
 * checked in memory: two at once would double the memory for no gain on two cores). Jobs run
 * in the background of the request that queued them; at shutdown the queue is told to stop and
 * waited for, so no job writes to a closed database.
 */
@Injectable()
export class ImportJobs implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportJobs.name);
  private tail: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Queues `job`; its failure is the job's to record (a failure that escapes is logged). */
  enqueue(name: string, job: (signal: AbortSignal) => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.stopping.signal.aborted) return;
      try {
        await job(this.stopping.signal);
      } catch (error) {
        this.logger.error({ err: error, job: name }, 'import job failed');
      }
    });
  }

  /** Resolves when every job queued so far has ended. */
  idle(): Promise<void> {
    return this.tail;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.tail;
  }
}
