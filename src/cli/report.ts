import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { seedAtStartup } from '../database/startup-seed.js';
import { exportPeriodReport } from '../exports/period-report-export.js';
import { RenderPool } from '../exports/render-pool.js';
import { periodTextGroupBy } from '../exports/text/period-text.js';
import { RegionsService } from '../regions/regions.service.js';
import { PeriodReportService } from '../reports/period/period-report.service.js';
import { parseReportArgs, REPORT_USAGE, type ReportArgs } from './report-args.js';
import { runCommand } from './run-command.js';

/** Scheduled reports run with the whole database in view, as an admin would see it. */
const REPORT_COMMAND: AuthUser = { id: 0, username: 'report-cli', displayName: '报表命令行', role: 'admin', scopeRegionIds: [] };

async function main(argv: string[]): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseReportArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${REPORT_USAGE}\n`);
    return 2;
  }
  // Only warnings and errors, so standard output holds just the path. Set before AppModule
  // loads: its ConfigModule reads the environment then.
  process.env.LOG_LEVEL ??= 'warn';
  const { AppModule } = await import('../app.module.js');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    await seedAtStartup(app);
    const date = args.date ?? app.get(Clock).today();
    // The WeChat text of a province lists its counties, as the API's does.
    const counties = async () => (await app.get(RegionsService).visibleTree(REPORT_COMMAND)).atLevel('county').length;
    const groupBy = args.format === 'text' ? periodTextGroupBy(args.groupBy, await counties()) : args.groupBy;
    // No person prepared a scheduled report: its sign-off leaves the 填报人 line to fill in.
    const report = {
      ...(await app.get(PeriodReportService).build({ kind: args.period, date, groupBy }, REPORT_COMMAND)),
      preparedBy: null,
    };
    const file =
      args.format === 'json'
        ? { content: Buffer.from(JSON.stringify(report, null, 2)), fileName: `${report.title}_${report.period.start}.json` }
        : // The same worker pool as the server (its heap limit holds here too); app.close() ends it.
          await exportPeriodReport(report, args.format, (r, format) => app.get(RenderPool).periodReport(r, format, REPORT_COMMAND));
    await mkdir(args.out, { recursive: true });
    const path = resolve(join(args.out, file.fileName));
    await writeFile(path, file.content);
    process.stdout.write(`${path}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

runCommand(main, 'Report failed: ');
