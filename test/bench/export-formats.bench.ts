/**
 * How long each period-report format takes for a province-sized set of villages.
 *
 *   npm run bench:exports -- --villages 3000 --per-village 50
 *
 * Builds a fresh SQLite database in a temporary folder with the benchmark dataset (dataset.ts:
 * 10 counties, 100 townships, the given number of villages, households with a baseline and
 * several moves each), then builds the week's report through the real service and renders it
 * in every format, three times each, and prints the median time, the file size and the
 * process's peak memory.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { exportPeriodReport } from '../../src/exports/period-report-export.js';
import { renderTask } from '../../src/exports/render-task.js';
import { PeriodReportService } from '../../src/reports/period/period-report.service.js';
import { rebuildStatusCounters } from '../../src/household-writes/status-counters.js';
import { createMigratedDataSource, loadDataset } from './dataset.js';

const { values } = parseArgs({
  options: {
    villages: { type: 'string', default: '3000' },
    'per-village': { type: 'string', default: '50' },
    date: { type: 'string', default: '2021-12-23' },
  },
});
const villages = Number(values.villages);
const perVillage = Number(values['per-village']);
const reportDate = values.date;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-bench-'));
  const url = `sqlite:${join(dir, 'bench.sqlite')}`;
  try {
    const dataSource = await createMigratedDataSource(url);
    const { households, ms: generatedMs } = await loadDataset(dataSource, { households: villages * perVillage, villages, reportDate });
    await rebuildStatusCounters(dataSource);
    await dataSource.destroy();
    process.env.DATABASE_URL = url;
    process.env.SEED = 'none';
    process.env.LOG_LEVEL = 'warn';
    const { AppModule } = await import('../../src/app.module.js');
    const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
    const service = app.get(PeriodReportService);
    const admin: AuthUser = { id: 0, username: 'bench', displayName: '基准测试', role: 'admin', scopeRegionIds: [] };
    const median = async (work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await work();
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[1];
    };
    const report = await service.build({ kind: 'week', date: reportDate, groupBy: 'village' }, admin);
    const buildMs = await median(() => service.build({ kind: 'week', date: reportDate, groupBy: 'village' }, admin));
    const lines = [
      `households ${households} in ${villages} villages (generated in ${(generatedMs / 1000).toFixed(1)} s)`,
      `report rows ${report.rows.length}, changed households ${report.changedHouseholds.length}, stalled households ${report.stalledHouseholds.length}`,
      '',
      '| step | median of 3 | size |',
      '|---|---|---|',
      `| build the week's report (SQL + arithmetic) | ${buildMs.toFixed(0)} ms | |`,
    ];
    for (const format of ['json', 'csv', 'xlsx', 'pdf', 'png', 'svg'] as const) {
      let size = 0;
      const ms = await median(async () => {
        if (format === 'json') size = Buffer.byteLength(JSON.stringify(report));
        // In this thread, as the worker threads run it: the renderer's own time, no hand-over.
        else
          size = (await exportPeriodReport(report, format, (r, f) => renderTask({ kind: 'period-report', format: f, report: r }))).content
            .length;
      });
      lines.push(`| render ${format} | ${ms.toFixed(0)} ms | ${(size / 1024).toFixed(0)} KiB |`);
    }
    lines.push('', `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
    await app.close();
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
