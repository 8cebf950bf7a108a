import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { Type } from 'class-transformer';
import type { ConfigService } from '@nestjs/config';
import { fieldProblems } from '../common/class-validator-problems.js';
import { type FieldProblem, renderFieldProblem } from '../common/messages/catalogue.js';
import { issue } from '../common/messages/problem.js';
import { DEFAULT_DATABASE_URL } from '../database/database-url.js';

export const SEED_NAMES = ['qingxu', 'none'] as const;
export type SeedName = (typeof SEED_NAMES)[number];

/** The process environment the tracker reads, checked once at start (README, "Configuration"). */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { context: { code: 'env_database_url' } })
  DATABASE_URL = DEFAULT_DATABASE_URL;

  @IsIn(SEED_NAMES)
  SEED: SeedName = 'qingxu';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Write logs to this file instead of standard output. */
  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  /** Signs access tokens. Required in production; elsewhere a random one per process. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  /** How long an access token lasts, in seconds (default 8 hours: a working day). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JWT_TTL_SECONDS = 8 * 3600;

  /** The first admin's password, used only while no account exists. */
  @IsOptional()
  @IsString()
  @MinLength(10)
  ADMIN_PASSWORD?: string;

  /**
   * Behind a reverse proxy: `true` (trust X-Forwarded-For from any hop) or the proxies'
   * addresses or CIDR ranges, comma-separated. Sign-in throttling counts per client address.
   */
  @IsOptional()
  @Matches(/^(true|false|[\d.:a-fA-F/, ]+)$/, { context: { code: 'env_trust_proxy' } })
  TRUST_PROXY?: string;

  /** The first day of a reporting week. */
  @IsIn(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
  WEEK_START = 'monday';

  /** A household not yet accepted with no recorded change for this many days is stalled. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  STALLED_DAYS = 14;

  /** Origins allowed to call the API from a browser, comma-separated; none when unset. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /**
   * Worker threads that draw PDF, PNG, SVG and XLSX exports. Unset: one fewer than the machine's
   * CPUs (at least 1), so the event loop keeps a core to answer everything else.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  RENDER_THREADS?: number;

  /** 填报单位 on the period report's sign-off (XLSX and PDF), e.g. 清徐县住房和城乡建设局; a line left to fill when unset. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  REPORT_ORGANIZATION?: string;

  /**
   * A county setting: an acceptance (验收合格) needs at least one 修缮后 or 验收 photo of the
   * household (422 acceptance_photo_required otherwise). Off by default, so clients written
   * before photos existed keep working.
   */
  @IsIn(['true', 'false'])
  ACCEPTANCE_PHOTO_REQUIRED: 'true' | 'false' = 'false';

  /**
   * Where the photos' image files are kept (a display copy and a thumbnail per photo, about
   * 300 KB together), relative to the working directory unless absolute. Several instances
   * may share one (files are written whole, by rename).
   */
  @IsString()
  @MinLength(1)
  PHOTO_DIR = 'data/photos';

  /** Space that must stay free on PHOTO_DIR's disk: below it uploads are refused (503 photo_storage_full). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  PHOTO_MIN_FREE_MB = 512;
}

/**
 * The configuration as the application reads it: the checked Environment, so a misspelt name or
 * a wrong type is a compile error. Constructors inject `ConfigService<Environment, true>` (Nest
 * finds the class through decorator metadata); this alias is for `app.get` and plain parameters.
 */
export type AppConfig = ConfigService<Environment, true>;

/**
 * ConfigModule's `validate` hook: stops the process with the names of the variables that are
 * wrong and why, in Chinese and in English (whoever starts it reads one or the other).
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const problems = fieldProblems(validateSync(env, { skipMissingProperties: false }));
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) problems.push({ ...issue('env_required_in_production'), field: 'JWT_SECRET' });
  if (problems.length > 0) throw new Error(environmentMessage(problems));
  return env;
}

/** One line per variable: `PORT 必须是整数 · PORT must be an integer number`. */
export function environmentMessage(problems: readonly FieldProblem[]): string {
  const lines = problems.map((p) => `  ${renderFieldProblem('zh', p)} · ${renderFieldProblem('en', p)}`);
  return ['环境变量有误，服务没有启动 · Invalid environment, the tracker did not start:', ...lines].join('\n');
}

/** Fastify's trustProxy setting from TRUST_PROXY (see Environment). */
export function trustProxySetting(value: string | undefined): boolean | string[] {
  if (value === undefined || value.trim() === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}
