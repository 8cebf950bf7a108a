import { describe, expect, it } from '@jest/globals';
import type { Region } from './region-units.js';
import {
  ownRows,
  remarksOf,
  stalledByGrade,
  trendRates,
  unitBars,
  type PeriodRow,
  type ProgressRow,
  type TrendPoint,
} from './wall-chart-data.js';

const unit = (id: number | null, name: string) => ({ id, name, level: id === null ? ('all' as const) : ('village' as const) });
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function row(
  id: number | null,
  name: string,
  grade: 'B' | 'C',
  appraised: number,
  completed: number,
  accepted: number,
  stalled = 0,
  remarks: string[] = [],
): PeriodRow & ProgressRow {
  return {
    unit: unit(id, name),
    grade,
    appraised,
    completed,
    accepted,
    completionRate: rate(completed, appraised),
    acceptanceRate: rate(accepted, appraised),
    stalled,
    remarks,
  };
}

const mengfeng: Region = { id: 4, name: '孟封村', level: 'village', parentId: 2 };
const xiaowu: Region = { id: 5, name: '小武村', level: 'village', parentId: 2 };
const yanjiaying: Region = { id: 6, name: '阎家营村', level: 'village', parentId: 2 };

// The Qingxu seed of 2021-12-23, with one stalled household added.
const ROWS: (PeriodRow & ProgressRow)[] = [
  row(4, '孟封村', 'B', 174, 158, 148, 1),
  row(4, '孟封村', 'C', 65, 45, 0, 0, ['验收数据来源未报告']),
  row(5, '小武村', 'B', 124, 104, 91),
  row(5, '小武村', 'C', 101, 74, 0, 0, ['验收数据来源未报告']),
  row(6, '阎家营村', 'B', 99, 96, 86),
  row(6, '阎家营村', 'C', 56, 42, 0, 2, ['验收数据来源未报告']),
];

describe('ownRows', () => {
  const report = { rows: ROWS, total: [row(null, '合计', 'B', 397, 358, 325), row(null, '合计', 'C', 222, 161, 0)] };
  it.each<[number | null, [string, number][]]>([
    [
      5,
      [
        ['B', 104],
        ['C', 74],
      ],
    ],
    [
      null,
      [
        ['B', 358],
        ['C', 161],
      ],
    ],
    [99, []],
  ])('unit %s → completed per grade %j', (id, expected) => {
    expect([...ownRows(report, id).entries()].map(([g, r]) => [g, r.completed])).toEqual(expected);
  });
});

describe('stalledByGrade', () => {
  it.each<[string, Region[], [string, number][]]>([
    [
      'all three villages',
      [mengfeng, xiaowu, yanjiaying],
      [
        ['B', 1],
        ['C', 2],
      ],
    ],
    [
      '孟封村 alone',
      [mengfeng],
      [
        ['B', 1],
        ['C', 0],
      ],
    ],
    [
      'no unit',
      [],
      [
        ['B', 0],
        ['C', 0],
      ],
    ],
  ])('%s', (_name, units, expected) => {
    expect([...stalledByGrade(ROWS, units).entries()]).toEqual(expected);
  });
});

describe('unitBars', () => {
  it('lines the units up with their numbers, zeros for a unit without rows', () => {
    const empty: Region = { id: 7, name: '新村', level: 'village', parentId: 2 };
    const bars = unitBars(ROWS, [yanjiaying, mengfeng, empty], 'B');
    expect(bars).toEqual({
      units: [yanjiaying, mengfeng, empty],
      appraised: [99, 174, 0],
      completed: [96, 158, 0],
      accepted: [86, 148, 0],
      completionRate: [96 / 99, 158 / 174, null],
      acceptanceRate: [86 / 99, 148 / 174, null],
      stalled: [0, 1, 0],
    });
  });
});

describe('remarksOf', () => {
  it('lists each remark once', () => {
    expect(remarksOf(ROWS)).toEqual(['验收数据来源未报告']);
  });
});

describe('trendRates', () => {
  const points: TrendPoint[] = [
    { date: '2021-12-16', rows: new Map() },
    { date: '2021-12-23', rows: new Map([['B', row(4, '孟封村', 'B', 174, 158, 148)]]) },
  ];
  it.each<['completion' | 'acceptance', (number | null)[]]>([
    ['completion', [null, 158 / 174]],
    ['acceptance', [null, 148 / 174]],
  ])('%s', (kind, expected) => {
    expect(trendRates(points, 'B', kind)).toEqual(expected);
  });
});
