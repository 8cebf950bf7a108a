import type { PeriodGrade, PeriodReport, PeriodRow } from '../../../src/reports/period/period-report.types.js';

/**
 * A period report shaped like Qingxu's week of 2021-12-23 (figures from the source), with a few
 * changes and stalled households added, for the export formats' golden tests.
 */
function row(
  unit: PeriodRow['unit'],
  grade: PeriodGrade,
  appraised: number,
  completed: number,
  accepted: number,
  extra: Partial<PeriodRow> = {},
): PeriodRow {
  return {
    unit,
    grade,
    appraised,
    pending: appraised - completed,
    inProgress: 0,
    completed,
    accepted,
    notYetRecorded: 0,
    completionRate: appraised ? completed / appraised : null,
    acceptanceRate: appraised ? accepted / appraised : null,
    completedInPeriod: 0,
    acceptedInPeriod: 0,
    completedInPreviousPeriod: 0,
    acceptedInPreviousPeriod: 0,
    remaining: appraised - completed,
    stalled: 0,
    projectedFinish: null,
    projectedFinishReason: '近四周没有完工记录（基线不计）',
    remarks: grade === 'C' ? ['来源报道未给出C级验收户数；此处已完工户均记为未验收，验收数不代表实际情况'] : [],
    ...extra,
  };
}

const mengfeng = { id: 3, name: '孟封村', level: 'village' as const };
const xiaowu = { id: 4, name: '小武村', level: 'village' as const };
const yanjiaying = { id: 5, name: '阎家营村', level: 'village' as const };
const all = { id: null, name: '合计', level: 'all' as const };

export const QINGXU_WEEK: PeriodReport = {
  period: {
    kind: 'week',
    start: '2021-12-20',
    end: '2021-12-26',
    previousStart: '2021-12-13',
    previousEnd: '2021-12-19',
    label: '2021年第51周（12月20日—12月26日）',
  },
  areaName: '清徐县',
  title: '清徐县因灾受损房屋修缮进度周报',
  groupBy: 'village',
  generatedAt: '2021-12-27T01:30:00.000Z',
  organization: '清徐县住房和城乡建设局',
  preparedBy: '王办事员',
  stalledAfterDays: 14,
  rows: [
    row(mengfeng, 'B', 174, 158, 148, { completedInPeriod: 2, acceptedInPeriod: 1, stalled: 1 }),
    row(mengfeng, 'C', 65, 45, 0),
    row(xiaowu, 'B', 124, 104, 91),
    row(xiaowu, 'C', 101, 74, 0),
    row(yanjiaying, 'B', 99, 96, 86, { projectedFinish: '2022-01-09', projectedFinishReason: null, completedInPeriod: 1 }),
    row(yanjiaying, 'C', 56, 42, 0),
  ],
  total: [
    row(all, 'B', 397, 358, 325, { completedInPeriod: 3, acceptedInPeriod: 1, stalled: 1, remarks: [] }),
    row(all, 'C', 222, 161, 0),
    row(all, 'B+C', 619, 519, 325, { completedInPeriod: 3, acceptedInPeriod: 1, stalled: 1 }),
  ],
  changedHouseholds: [
    {
      householdId: 1,
      villageId: mengfeng.id,
      village: '孟封村',
      householder: '王建国',
      grade: 'B',
      from: 'in_progress',
      to: 'completed',
      occurredOn: '2021-12-21',
      recordedAt: '2021-12-21T09:00:00.000Z',
      actor: '王办事员',
      note: null,
    },
    {
      householdId: 2,
      villageId: mengfeng.id,
      village: '孟封村',
      householder: '李秀英',
      grade: 'B',
      from: 'completed',
      to: 'accepted',
      occurredOn: '2021-12-22',
      recordedAt: '2021-12-22T09:00:00.000Z',
      actor: '李验收',
      note: '验收合格',
    },
    {
      householdId: 3,
      villageId: yanjiaying.id,
      village: '阎家营村',
      householder: '郑清亮',
      grade: 'C',
      from: 'in_progress',
      to: 'completed',
      occurredOn: '2021-12-23',
      recordedAt: '2021-12-24T02:00:00.000Z',
      actor: '王办事员',
      note: '补录, "含引号", 含逗号',
    },
  ],
  changedHouseholdsTotal: 3,
  stalledHouseholdsTotal: 1,
  stalledHouseholds: [
    {
      householdId: 9,
      villageId: mengfeng.id,
      village: '孟封村',
      householder: '赵某',
      grade: 'B',
      status: 'in_progress',
      lastChangeOn: '2021-12-01',
      daysWithoutChange: 25,
    },
  ],
  trend: [
    { start: '2021-11-01', end: '2021-11-07', completed: 0, accepted: 0 },
    { start: '2021-11-08', end: '2021-11-14', completed: 0, accepted: 0 },
    { start: '2021-11-15', end: '2021-11-21', completed: 0, accepted: 0 },
    { start: '2021-11-22', end: '2021-11-28', completed: 0, accepted: 0 },
    { start: '2021-11-29', end: '2021-12-05', completed: 0, accepted: 0 },
    { start: '2021-12-06', end: '2021-12-12', completed: 0, accepted: 0 },
    { start: '2021-12-13', end: '2021-12-19', completed: 0, accepted: 0 },
    { start: '2021-12-20', end: '2021-12-26', completed: 3, accepted: 1 },
  ],
};
