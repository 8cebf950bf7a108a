import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { FirstAdmin } from '../auth/first-admin.js';
import { seedAtStartup } from '../database/startup-seed.js';
import type { ImportResponse } from '../imports/dto/import-response.js';
import { ImportJobs } from '../imports/import-jobs.js';
import { LedgerImportsService } from '../imports/ledger-imports.service.js';
import { UsersService } from '../users/users.service.js';
import { IMPORT_EXIT, IMPORT_USAGE, parseImportArgs, type ImportArgs } from './import-args.js';
import { runCommand } from './run-command.js';

/**
 * `npm run import -- ledger.xlsx [--commit] [--skip-invalid] [--replace-placeholders]`: the
 * same import as POST /api/imports, for scheduled or bulk loads on the server itself, recorded
 * as an account (admin by default). A progress bar on a terminal; the summary and the first
 * invalid rows on standard output; the exit code says how it went (IMPORT_EXIT).
 */

/** Invalid rows printed; the rest are in GET /api/imports/:id/errors. */
const PRINTED_ERRORS = 20;

async function main(argv: string[]): Promise<number> {
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${IMPORT_USAGE}\n`);
    return IMPORT_EXIT.usage;
  }
  const bytes = await readFile(args.file).catch((error: unknown) => {
    process.stderr.write(`无法读取文件 ${args.file}：${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  });
  if (!bytes) return IMPORT_EXIT.failed;
  process.env.LOG_LEVEL ??= 'warn';
  const { AppModule } = await import('../app.module.js');
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    await seedAtStartup(app);
    // An import is recorded as an account: on a fresh database, the first admin is made as the server makes it.
    await app.get(FirstAdmin).ensure();
    const user = await accountOf(app, args.user);
    if (!user) {
      process.stderr.write(`没有可用的账号 ${args.user}（不存在或已停用）\n`);
      return IMPORT_EXIT.failed;
    }
    const imports = app.get(LedgerImportsService);
    let current = await imports.upload({ fileName: basename(args.file), bytes, replacePlaceholders: args.replacePlaceholders }, user, 'zh');
    current = await follow(app, current, user, '校验');
    if (current.status === 'failed') return failed(current);
    printSummary(current, '校验结果');
    if (!args.commit) return current.summary!.invalid > 0 ? IMPORT_EXIT.invalidRows : IMPORT_EXIT.done;
    if (current.summary!.invalid > 0 && !args.skipInvalid) {
      process.stdout.write(`有 ${current.summary!.invalid} 行有误，没有导入任何内容（改正后重试，或加 --skip-invalid 只导入无误的行）\n`);
      return IMPORT_EXIT.invalidRows;
    }
    current = await imports.commit(current.id, args.skipInvalid, user, 'zh');
    current = await follow(app, current, user, '导入');
    if (current.status === 'failed') return failed(current);
    printSummary(current, '已导入');
    return IMPORT_EXIT.done;
  } finally {
    await app.close();
  }
}

async function accountOf(app: INestApplicationContext, username: string): Promise<AuthUser | null> {
  const users = app.get(UsersService);
  const user = await users.findByUsername(username);
  return user ? users.findActive(user.id, user.tokenVersion) : null;
}

/** Waits for the import's background job, drawing its progress on a terminal. */
async function follow(app: INestApplicationContext, started: ImportResponse, user: AuthUser, verb: string): Promise<ImportResponse> {
  const imports = app.get(LedgerImportsService);
  const done = app.get(ImportJobs).idle();
  let finished = false;
  void done.then(() => (finished = true));
  const tty = process.stderr.isTTY;
  while (!finished) {
    await Promise.race([done, sleep(250)]);
    if (tty) process.stderr.write(`\r${progressLine(verb, await imports.get(started.id, user, 'zh'))}`);
  }
  if (tty) process.stderr.write('\n');
  return imports.get(started.id, user, 'zh');
}

const BAR_WIDTH = 30;

function progressLine(verb: string, current: ImportResponse): string {
  const { rowsDone, rowsTotal } = current.progress;
  if (!rowsTotal) return `${verb}中… 已读 ${rowsDone.toLocaleString('en-US')} 行`;
  const share = Math.min(1, rowsDone / rowsTotal);
  const filled = Math.round(share * BAR_WIDTH);
  return `${verb}中 [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}% ${rowsDone.toLocaleString('en-US')}/${rowsTotal.toLocaleString('en-US')} 行`;
}

function printSummary(current: ImportResponse, title: string): void {
  const s = current.summary!;
  const lines = [
    `${title}：${current.fileName}（导入记录 ${current.id}）`,
    `  共 ${s.rows} 行：新增 ${s.create}，更新 ${s.update}，无变化 ${s.unchanged}，有误 ${s.invalid}` +
      (s.removedPlaceholders > 0 ? `；删除示意数据 ${s.removedPlaceholders} 户` : ''),
    ...current.warnings.map((w) => `  提示：${w.message}`),
    ...current.errors.slice(0, PRINTED_ERRORS).map((e) => `  第 ${e.row} 行${e.column ? ` ${e.column}` : ''}：${e.message}`),
  ];
  if (current.errorsTotal > PRINTED_ERRORS)
    lines.push(`  ……另有 ${current.errorsTotal - PRINTED_ERRORS} 行有误，见 GET /api/imports/${current.id}/errors`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function failed(current: ImportResponse): number {
  process.stderr.write(`导入失败：${current.failure?.message ?? current.status}\n`);
  return IMPORT_EXIT.failed;
}

runCommand(main, '导入失败：', IMPORT_EXIT.failed);
