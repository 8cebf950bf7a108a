import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import type { JsonBody } from '../common/compression.js';
import { invalidField } from '../common/errors.js';
import { checkOccurredOn } from '../repairs/repair-workflow.js';
import { RegionsService } from '../regions/regions.service.js';
import type { RegionLevel } from '../regions/region-level.js';
import type { ProgressReportResponse } from './dto/progress-report.response.js';
import { buildProgressRows } from './progress-arithmetic.js';
import { ProgressCountsRepository } from './progress-counts.repository.js';
import { ReportCache, scopeKey } from './report-cache.js';

@Injectable()
export class ReportsService {
  constructor(
    private readonly counts: ProgressCountsRepository,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
    private readonly cache: ReportCache,
  ) {}

  /**
   * Completion and acceptance per unit and grade at the end of `asOf` (default today), over the
   * villages within the user's scope, as its JSON body, reused until anything it counts changes.
   */
  async progressJson(asOf: string | undefined, groupBy: RegionLevel, user: AuthUser): Promise<JsonBody> {
    const today = this.clock.today();
    const date = asOf ?? today;
    const future = checkOccurredOn(date, today, null);
    if (future) throw invalidField('asOf', future);
    return this.cache.body(`progress|${date}|${today}|${groupBy}|${scopeKey(user)}`, () => this.build(date, today, groupBy, user));
  }

  private async build(date: string, today: string, groupBy: RegionLevel, user: AuthUser): Promise<ProgressReportResponse> {
    // Nothing is ever recorded with a future date, so today's counters are the current ones.
    const [tree, tallies, remarks] = await Promise.all([
      // Villages outside the visible tree count nowhere.
      this.regions.visibleTree(user),
      date === today ? this.counts.currentTallies() : this.counts.talliesAt(date),
      this.counts.remarks(),
    ]);
    const { rows, total, notYetRecorded } = buildProgressRows(tree, groupBy, tallies, remarks);
    return { asOf: date, groupBy, rows, total, notYetRecorded };
  }
}
