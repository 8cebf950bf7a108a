/**
 * A running import's sign of life: its progress and the time, written on a timer while the job
 * runs, so that another request (or instance) can tell a live import from one whose process
 * stopped (LedgerImportsService.checkAlive), however long one batch of rows takes. Beats never
 * overlap, and `stop` waits for the last one.
 */
export class ImportHeartbeat {
  private rowsDone = 0;
  private last: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(beat: (rowsDone: number) => Promise<void>, intervalMs: number) {
    this.timer = setInterval(() => {
      const rowsDone = this.rowsDone;
      this.last = this.last.then(() => beat(rowsDone)).catch(() => undefined);
    }, intervalMs);
    this.timer.unref();
  }

  progress(rowsDone: number): void {
    this.rowsDone = rowsDone;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.last;
  }
}
