import { BadRequestException, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { checkOccurredOn } from '../repairs/repair-workflow.js';
import { RegionsService } from '../regions/regions.service.js';
import type { RegionLevel } from '../regions/region-level.js';
import type { ProgressReportResponse } from './dto/progress-report.response.js';
import { buildProgressRows } from './progress-arithmetic.js';
import { ProgressCountsRepository } from './progress-counts.repository.js';

@Injectable()
export class ReportsService {
  constructor(
    private readonly counts: ProgressCountsRepository,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Completion and acceptance per unit and grade at the end of `asOf` (default today), over the
   * villages within the user's scope.
   */
  async progress(asOf: string | undefined, groupBy: RegionLevel, user: AuthUser): Promise<ProgressReportResponse> {
    const today = this.clock.today();
    const date = asOf ?? today;
    const future = checkOccurredOn(date, today, null, 'asOf');
    if (future) throw new BadRequestException(future);
    // Nothing is ever recorded with a future date, so today's statuses are the households' own.
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
