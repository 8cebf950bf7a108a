import type { PeriodReport, PeriodRow } from '../../../src/reports/period/period-report.types.js';
import { QINGXU_WEEK } from './qingxu-week.fixture.js';

/**
 * The Qingxu week fixture stretched to `count` villages (two rows each, B and C), for the size
 * and speed tests. Village i's B row has 100 households of which (i × 37) mod 101 are completed,
 * so completion rates are spread over 0–100% in no particular order; its C row is the fixture's
 * 孟封村 C row, remarks included, so half the rows have a remark that wraps.
 */
export function manyUnitsReport(count: number): PeriodReport {
  const [mengfengB, mengfengC] = QINGXU_WEEK.rows;
  const rows: PeriodRow[] = [];
  for (let i = 0; i < count; i++) {
    const unit = { id: 1000 + i, name: `第${i + 1}村`, level: 'village' as const };
    const completed = (i * 37) % 101;
    const accepted = Math.floor(completed / 2);
    rows.push({
      ...mengfengB,
      unit,
      appraised: 100,
      pending: 100 - completed,
      completed,
      accepted,
      remaining: 100 - completed,
      completionRate: completed / 100,
      acceptanceRate: accepted / 100,
    });
    rows.push({ ...mengfengC, unit });
  }
  return { ...QINGXU_WEEK, rows };
}
