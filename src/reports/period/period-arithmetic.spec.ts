import { describe, expect, it } from '@jest/globals';
import type { Region } from '../../regions/entities/region.entity.js';
import { RegionTree } from '../../regions/region-tree.js';
import {
  buildPeriodRows,
  daysBetween,
  emptyEvents,
  isoWeek,
  periodBounds,
  periodLabel,
  projectCombinedFinish,
  projectFinish,
  startOfWeek,
  trendWeeks,
  weekdayOf,
  type EventTally,
} from './period-arithmetic.js';

describe('periods', () => {
  it.each([
    ['2021-12-20', 1],
    ['2021-12-23', 4],
    ['2021-12-26', 7],
  ])('%s is weekday %d', (date, expected) => expect(weekdayOf(date)).toBe(expected));

  it.each([
    ['week', '2021-12-23', 1, { start: '2021-12-20', end: '2021-12-26', previousStart: '2021-12-13', previousEnd: '2021-12-19' }],
    ['week', '2021-12-20', 1, { start: '2021-12-20', end: '2021-12-26', previousStart: '2021-12-13', previousEnd: '2021-12-19' }],
    ['week', '2021-12-26', 1, { start: '2021-12-20', end: '2021-12-26', previousStart: '2021-12-13', previousEnd: '2021-12-19' }],
    ['week', '2021-12-23', 7, { start: '2021-12-19', end: '2021-12-25', previousStart: '2021-12-12', previousEnd: '2021-12-18' }],
    ['week', '2021-12-30', 1, { start: '2021-12-27', end: '2022-01-02', previousStart: '2021-12-20', previousEnd: '2021-12-26' }],
    ['day', '2021-12-23', 1, { start: '2021-12-23', end: '2021-12-23', previousStart: '2021-12-22', previousEnd: '2021-12-22' }],
    ['day', '2022-01-01', 1, { start: '2022-01-01', end: '2022-01-01', previousStart: '2021-12-31', previousEnd: '2021-12-31' }],
  ] as const)('the %s of %s (week starts on day %d)', (kind, date, weekStart, expected) => {
    expect(periodBounds(kind, date, weekStart)).toEqual(expected);
  });

  it.each([
    ['2021-12-20', 2021, 51],
    ['2021-01-01', 2020, 53],
    ['2021-01-04', 2021, 1],
    ['2024-12-30', 2025, 1],
  ])('ISO week of %s is %d-W%d', (date, year, week) => expect(isoWeek(date)).toEqual({ year, week }));

  it.each([
    ['week', '2021-12-23', 1, '2021年第51周（12月20日—12月26日）'],
    ['week', '2021-12-23', 7, '2021年12月19日—12月25日'],
    ['day', '2021-12-23', 1, '2021年12月23日'],
  ] as const)('labels the %s of %s', (kind, date, weekStart, expected) => {
    expect(periodLabel(kind, periodBounds(kind, date, weekStart), weekStart)).toBe(expected);
  });

  it('lists the eight trend weeks ending with the current one', () => {
    const weeks = trendWeeks('2021-12-23', 1);
    expect(weeks).toHaveLength(8);
    expect(weeks[0]).toEqual({ start: '2021-11-01', end: '2021-11-07' });
    expect(weeks[7]).toEqual({ start: '2021-12-20', end: '2021-12-26' });
    expect(startOfWeek('2021-12-23', 1)).toBe('2021-12-20');
    expect(daysBetween('2021-12-01', '2021-12-26')).toBe(25);
  });
});

describe('projectFinish', () => {
  it.each([
    [0, 5, '2021-12-26', null, '已全部完工'],
    [10, 0, '2021-12-26', null, '近四周没有完工记录（基线不计），无法推算'],
    [28, 28, '2021-12-26', '2022-01-23', null], // one a day: 28 days
    [10, 28, '2021-12-26', '2022-01-05', null],
    [1, 3, '2021-12-26', '2022-01-05', null], // 3 in 28 days: 9.33 days for one, rounded up
  ])('%d remaining, %d completed in four weeks, ending %s', (remaining, window, end, date, reason) => {
    expect(projectFinish(remaining, window, end)).toEqual({ date, reason });
  });
});

describe('projectCombinedFinish', () => {
  const known = (date: string) => ({ date, reason: null });
  const noPace = { date: null, reason: '近四周没有完工记录（基线不计），无法推算' };
  const done = { date: null, reason: '已全部完工' };
  it.each([
    [
      'both grades have a pace: the later of the two',
      [5, known('2022-01-09')],
      [6, known('2022-02-01')],
      { date: '2022-02-01', reason: null },
    ],
    ['the later may be B’s', [5, known('2022-03-01')], [6, known('2022-02-01')], { date: '2022-03-01', reason: null }],
    [
      'C has no pace: no total, and the reason names C',
      [2, known('2022-01-02')],
      [6, noPace],
      { date: null, reason: 'C级近四周没有完工记录（基线不计），B、C合计无法推算' },
    ],
    [
      'B has no pace: the reason names B',
      [2, noPace],
      [6, known('2022-01-02')],
      { date: null, reason: 'B级近四周没有完工记录（基线不计），B、C合计无法推算' },
    ],
    ['neither has a pace', [2, noPace], [6, noPace], noPace],
    ['C is done: B’s date', [2, known('2022-01-02')], [0, done], { date: '2022-01-02', reason: null }],
    ['C is done and B has no pace', [2, noPace], [0, done], noPace],
    ['both done', [0, done], [0, done], done],
  ] as const)('%s', (_, [bRemaining, b], [cRemaining, c], expected) => {
    expect(
      projectCombinedFinish([
        { grade: 'B', remaining: bRemaining, projection: b },
        { grade: 'C', remaining: cRemaining, projection: c },
      ]),
    ).toEqual(expected);
  });
});

const region = (id: number, level: Region['level'], parentId: number | null, name: string) =>
  ({ id, level, parentId, name, code: null, createdAt: new Date(0) }) as Region;

describe('buildPeriodRows', () => {
  const tree = new RegionTree([
    region(1, 'county', null, '清徐县'),
    region(2, 'township', 1, '孟封镇'),
    region(3, 'village', 2, '孟封村'),
    region(4, 'village', 2, '小武村'),
  ]);
  const weeks = trendWeeks('2021-12-23', 1, 2);
  const events = (villageId: number, grade: 'B' | 'C', e: Partial<EventTally>): EventTally => ({
    villageId,
    grade,
    ...emptyEvents(2),
    ...e,
  });
  const input = {
    tree,
    end: '2021-12-26',
    weeks,
    tallies: [
      { villageId: 3, grade: 'B' as const, status: 'accepted' as const, households: 3 },
      { villageId: 3, grade: 'B' as const, status: 'pending' as const, households: 2 },
      { villageId: 4, grade: 'B' as const, status: 'completed' as const, households: 4 },
      { villageId: 4, grade: 'C' as const, status: 'in_progress' as const, households: 6 },
    ],
    remarks: [{ villageId: 4, grade: 'C' as const, text: '备注' }],
    events: [
      events(3, 'B', {
        completedInPeriod: 1,
        acceptedInPeriod: 2,
        completedInWindow: 4,
        stalled: 1,
        trendCompleted: [0, 1],
        trendAccepted: [1, 2],
      }),
      events(4, 'B', { completedInPeriod: 3, completedInPreviousPeriod: 1, completedInWindow: 4, trendCompleted: [1, 3] }),
      events(4, 'C', { stalled: 2 }),
    ],
  };

  it('counts per village and grade, with projections from the trailing four weeks', () => {
    const { rows } = buildPeriodRows({ ...input, groupBy: 'village' });
    expect(
      rows.map((r) => [
        r.unit.name,
        r.grade,
        r.appraised,
        r.completed,
        r.accepted,
        r.completedInPeriod,
        r.acceptedInPeriod,
        r.remaining,
        r.stalled,
      ]),
    ).toEqual([
      ['孟封村', 'B', 5, 3, 3, 1, 2, 2, 1],
      ['孟封村', 'C', 0, 0, 0, 0, 0, 0, 0],
      ['小武村', 'B', 4, 4, 0, 3, 0, 0, 0],
      ['小武村', 'C', 6, 0, 0, 0, 0, 6, 2],
    ]);
    // 孟封村 B: 2 remaining at 4 per 28 days → 14 days after the 26th.
    expect([rows[0].projectedFinish, rows[0].projectedFinishReason]).toEqual(['2022-01-09', null]);
    expect([rows[2].projectedFinish, rows[2].projectedFinishReason]).toEqual([null, '已全部完工']);
    expect(rows[3].projectedFinish).toBeNull();
    expect(rows[3].remarks).toEqual(['备注']);
  });

  it('makes parents the sums of their villages and adds a B+C total', () => {
    const { rows, total, trend } = buildPeriodRows({ ...input, groupBy: 'township' });
    expect(rows.map((r) => [r.grade, r.appraised, r.completed, r.completedInPeriod, r.completedInPreviousPeriod, r.stalled])).toEqual([
      ['B', 9, 7, 4, 1, 1],
      ['C', 6, 0, 0, 0, 2],
    ]);
    // 2 remaining at 8 per 28 days: 7 days.
    expect(rows[0].projectedFinish).toBe('2022-01-02');
    expect(total.map((r) => [r.unit.name, r.grade, r.appraised, r.completed, r.accepted, r.remaining, r.stalled])).toEqual([
      ['合计', 'B', 9, 7, 3, 2, 1],
      ['合计', 'C', 6, 0, 0, 6, 2],
      ['合计', 'B+C', 15, 7, 3, 8, 3],
    ]);
    expect(total[2].completionRate).toBe(7 / 15);
    // C has 6 left and no completions in four weeks: B's pace says nothing about them.
    expect([total[0].projectedFinish, total[1].projectedFinish]).toEqual(['2022-01-02', null]);
    expect([total[2].projectedFinish, total[2].projectedFinishReason]).toEqual([
      null,
      'C级近四周没有完工记录（基线不计），B、C合计无法推算',
    ]);
    expect(total[2].remarks).toEqual(['备注']);
    expect(trend).toEqual([
      { start: '2021-12-13', end: '2021-12-19', completed: 1, accepted: 1 },
      { start: '2021-12-20', end: '2021-12-26', completed: 4, accepted: 2 },
    ]);
  });

  it('projects B and C together as the later of their own projections, never at a pooled pace', () => {
    const withCPace = { ...input, events: [...input.events.slice(0, 2), events(4, 'C', { completedInWindow: 2 })] };
    const { total } = buildPeriodRows({ ...withCPace, groupBy: 'county' });
    // B: 2 left at 8 per 28 days → 7 days. C: 6 left at 2 per 28 days → 84 days. A pooled pace
    // (8 left at 10 per 28 days: 23 days, 2022-01-18) would finish C's houses at B's speed.
    expect(total.map((r) => [r.grade, r.projectedFinish])).toEqual([
      ['B', '2022-01-02'],
      ['C', '2022-03-20'],
      ['B+C', '2022-03-20'],
    ]);
  });
});
