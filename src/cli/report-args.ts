import { parseArgs } from 'node:util';
import { isCalendarDate } from '../common/dates.js';
import { REGION_LEVELS, type RegionLevel } from '../regions/region-level.js';
import { PERIOD_FORMATS, type PeriodFormat } from '../reports/period/dto/period-query.dto.js';
import type { PeriodKind } from '../reports/period/period-report.types.js';

export interface ReportArgs {
  period: PeriodKind;
  date: string | undefined;
  format: PeriodFormat;
  groupBy: RegionLevel;
  out: string;
}

export const REPORT_USAGE = `Usage: npm run report -- --period day|week [--date YYYY-MM-DD] --format ${PERIOD_FORMATS.join('|')} --out DIR [--group-by ${REGION_LEVELS.join('|')}]
  Writes the day's or week's repair progress report into DIR and prints the file's path.
  --date defaults to today (Asia/Shanghai); --group-by defaults to village.`;

/** Reads the report command's arguments; throws an Error whose message says what is wrong. */
export function parseReportArgs(argv: string[]): ReportArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        period: { type: 'string' },
        date: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'group-by': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const problems: string[] = [];
  const period = values.period;
  if (period !== 'day' && period !== 'week') problems.push('--period must be day or week');
  const date = values.date as string | undefined;
  if (date !== undefined && !isCalendarDate(date)) problems.push('--date must be a calendar date written YYYY-MM-DD');
  const format = values.format as PeriodFormat | undefined;
  if (!format || !PERIOD_FORMATS.includes(format)) problems.push(`--format must be one of ${PERIOD_FORMATS.join(', ')}`);
  const groupBy = (values['group-by'] ?? 'village') as RegionLevel;
  if (!REGION_LEVELS.includes(groupBy)) problems.push(`--group-by must be one of ${REGION_LEVELS.join(', ')}`);
  const out = values.out as string | undefined;
  if (!out) problems.push('--out must name the folder to write into');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { period: period as PeriodKind, date, format: format!, groupBy, out: out! };
}
