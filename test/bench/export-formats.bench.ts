/**
 * How long each period-report format takes for a province-sized set of villages.
 *
 *   npm run bench:exports -- --villages 3000 --per-village 50
 *
 * Builds a fresh SQLite database in a temporary folder (10 counties, 100 townships, the given
 * number of villages, households with a baseline and several moves each), then builds the
 * week's report through the real service and renders it in every format, three times each,
 * and prints the median time, the file size and the process's peak memory.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { addDays } from '../../src/common/dates.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { exportPeriodReport, type FileFormat } from '../../src/exports/period-report-export.js';
import { PeriodReportService } from '../../src/reports/period/period-report.service.js';

const { values } = parseArgs({
  options: { villages: { type: 'string', default: '3000' }, 'per-village': { type: 'string', default: '50' }, date: { type: 'string', default: '2021-12-23' } },
});
const villages = Number(values.villages);
const perVillage = Number(values['per-village']);
const reportDate = values.date!;

/** A small deterministic generator, so two runs build the same data. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function generate(url: string): Promise<number> {
  const dataSource = new DataSource(buildDataSourceOptions(url));
  await dataSource.initialize();
  await dataSource.runMigrations();
  const db = (dataSource.driver as unknown as { databaseConnection: import('better-sqlite3').Database }).databaseConnection;
  const rand = random(2021);
  const region = db.prepare('INSERT INTO regions (level, parent_id, name, code) VALUES (?, ?, ?, ?)');
  const household = db.prepare(
    `INSERT INTO households (village_id, householder, grade, status, appraisal_agency, is_placeholder, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, '基准测试鉴定机构', 1, ?, '2021-11-01 00:00:00', '2021-11-01 00:00:00')`,
  );
  const change = db.prepare(
    `INSERT INTO status_changes (household_id, from_status, to_status, occurred_on, recorded_at, actor) VALUES (?, ?, ?, ?, '2021-12-24 00:00:00', '基准测试')`,
  );
  let count = 0;
  db.transaction(() => {
    const villageIds: number[] = [];
    for (let c = 0; c < 10; c++) {
      const county = Number(region.run('county', null, `测试${c + 1}县`, null).lastInsertRowid);
      for (let t = 0; t < 10; t++) {
        const township = Number(region.run('township', county, `测试${c + 1}县${t + 1}镇`, null).lastInsertRowid);
        for (let v = 0; v < villages / 100; v++) villageIds.push(Number(region.run('village', township, `${c + 1}-${t + 1}-${v + 1}村`, null).lastInsertRowid));
      }
    }
    const steps = ['pending', 'in_progress', 'completed', 'accepted'] as const;
    for (const villageId of villageIds) {
      for (let i = 0; i < perVillage; i++) {
        const reached = Math.min(3, Math.floor(rand() * 4.6));
        const id = Number(household.run(villageId, `测试户${count + 1}`, rand() < 0.64 ? 'B' : 'C', steps[reached], reached + 1).lastInsertRowid);
        let day = addDays('2021-11-01', Math.floor(rand() * 30));
        change.run(id, null, 'pending', day);
        for (let s = 1; s <= reached; s++) {
          day = addDays(day, 1 + Math.floor(rand() * 12));
          if (day > reportDate) day = reportDate;
          change.run(id, steps[s - 1], steps[s], day);
        }
        count++;
      }
    }
  })();
  await dataSource.destroy();
  return count;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-bench-'));
  const url = `sqlite:${join(dir, 'bench.sqlite')}`;
  try {
    let started = performance.now();
    const households = await generate(url);
    const generatedMs = performance.now() - started;
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
        else size = (await exportPeriodReport(report, format as FileFormat)).content.length;
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
