import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuthUser } from '../../auth/auth-user.js';
import { Clock } from '../../common/clock.js';
import type { JsonBody } from '../../common/compression.js';
import { invalidField } from '../../common/errors.js';
import { addDays } from '../../common/dates.js';
import { RegionsService } from '../../regions/regions.service.js';
import type { RegionLevel } from '../../regions/region-level.js';
import type { RegionTree } from '../../regions/region-tree.js';
import { checkOccurredOn } from '../../repairs/repair-workflow.js';
import { ProgressCountsRepository } from '../progress-counts.repository.js';
import { ReportCache, scopeKey } from '../report-cache.js';
import { buildPeriodRows, daysBetween, periodBounds, periodLabel, trendWeeks, WEEKDAYS, type Weekday } from './period-arithmetic.js';
import { PeriodCountsRepository } from './period-counts.repository.js';
import { HOUSEHOLD_LIST_LIMIT, type PeriodKind, type PeriodReport } from './period-report.types.js';
import type { Environment } from '../../config/env.validation.js';

export interface PeriodRequest {
  kind: PeriodKind;
  /** Any day of the period. */
  date: string;
  groupBy: RegionLevel;
}

/** Builds the day's or week's report (日报 / 周报) over the user's scope. */
@Injectable()
export class PeriodReportService {
  private readonly weekStart: Weekday;
  private readonly stalledAfterDays: number;
  private readonly organization: string | null;

  constructor(
    private readonly progressCounts: ProgressCountsRepository,
    private readonly periodCounts: PeriodCountsRepository,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
    private readonly cache: ReportCache,
    config: ConfigService<Environment, true>,
  ) {
    this.weekStart = WEEKDAYS[config.getOrThrow('WEEK_START', { infer: true })];
    this.stalledAfterDays = config.getOrThrow('STALLED_DAYS', { infer: true });
    this.organization = config.get('REPORT_ORGANIZATION', { infer: true })?.trim() || null;
  }

  /**
   * The report as its JSON body, kept (with its ETag) until anything it counts changes, as the
   * progress report is: a wall chart polling today's report with If-None-Match gets 304s until a
   * household moves. Its generatedAt is when the kept body was built. The key holds what the
   * report depends on besides the counts: the period, today, the grouping, the user's scope and
   * the name it is prepared by.
   */
  json(request: PeriodRequest, user: AuthUser): Promise<JsonBody> {
    const key = ['period', request.kind, request.date, this.clock.today(), request.groupBy, scopeKey(user), user.displayName].join('|');
    return this.cache.body(key, () => this.build(request, user));
  }

  async build(request: PeriodRequest, user: AuthUser): Promise<PeriodReport> {
    const today = this.clock.today();
    const future = checkOccurredOn(request.date, today, null);
    if (future) throw invalidField('date', future);
    const bounds = periodBounds(request.kind, request.date, this.weekStart);
    // A period that runs past today is counted up to today: nothing is recorded ahead.
    const end = bounds.end < today ? bounds.end : today;
    const weeks = trendWeeks(end, this.weekStart);
    const stalledBefore = addDays(end, -this.stalledAfterDays);

    const access = await this.regions.accessFor(user);
    const tree = access.scope.apply(access.tree);
    const villageIds = access.scope.villageIds();
    const [tallies, remarks, events, changes, stalled] = await Promise.all([
      end === today ? this.progressCounts.currentTallies() : this.progressCounts.talliesAt(end),
      this.progressCounts.remarks(),
      this.periodCounts.events({
        period: { start: bounds.start, end },
        previous: { start: bounds.previousStart, end: bounds.previousEnd },
        end,
        stalledBefore,
        weeks,
      }),
      this.periodCounts.changes({ start: bounds.start, end }, villageIds, HOUSEHOLD_LIST_LIMIT),
      this.periodCounts.stalled(end, stalledBefore, villageIds, HOUSEHOLD_LIST_LIMIT),
    ]);
    const { rows, total, trend } = buildPeriodRows({ tree, groupBy: request.groupBy, end, tallies, remarks, events, weeks });
    const villageName = (id: number) => tree.get(id)?.name ?? `#${id}`;
    const areaName = describeArea(tree);
    return {
      period: { kind: request.kind, ...bounds, label: periodLabel(request.kind, bounds, this.weekStart) },
      areaName,
      title: `${areaName}因灾受损房屋修缮进度${request.kind === 'week' ? '周报' : '日报'}`,
      groupBy: request.groupBy,
      generatedAt: this.clock.now().toISOString(),
      organization: this.organization,
      preparedBy: user.displayName,
      stalledAfterDays: this.stalledAfterDays,
      rows,
      total,
      trend,
      // Households outside the user's villages have no name in their tree: they are left out.
      changedHouseholds: changes.rows.map(({ recordedAt, ...c }) => ({
        ...c,
        village: villageName(c.villageId),
        recordedAt: recordedAt.toISOString(),
      })),
      changedHouseholdsTotal: changes.total,
      stalledHouseholds: stalled.map((s) => ({
        ...s,
        village: villageName(s.villageId),
        daysWithoutChange: daysBetween(s.lastChangeOn, end),
      })),
      stalledHouseholdsTotal: total[total.length - 1].stalled,
    };
  }
}

/** The counties a report covers, for its title: 清徐县, or 清徐县等3县. */
function describeArea(tree: RegionTree): string {
  const counties = tree.atLevel('county');
  if (counties.length === 0) return '（无数据）';
  return counties.length === 1 ? counties[0].name : `${counties[0].name}等${counties.length}县`;
}
