import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { Type } from 'class-transformer';

export const SEED_NAMES = ['qingxu', 'none'] as const;
export type SeedName = (typeof SEED_NAMES)[number];

/** The process environment the tracker reads, checked once at start (see shared/design/api.md). */
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

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'DATABASE_URL must be sqlite:<path> or postgres://user:pass@host:port/db',
  })
  DATABASE_URL = 'sqlite:data/tracker.sqlite';

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
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
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
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /**
   * Behind a reverse proxy: `true` (trust X-Forwarded-For from any hop) or the proxies'
   * addresses or CIDR ranges, comma-separated. Sign-in throttling counts per client address.
   */
  @IsOptional()
  @Matches(/^(true|false|[\d.:a-fA-F/, ]+)$/, { message: 'TRUST_PROXY must be true, false, or proxy addresses' })
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
  @IsInt({ message: 'RENDER_THREADS must be a whole number of worker threads' })
  @Min(1)
  @Max(64)
  RENDER_THREADS?: number;
}

/** ConfigModule's `validate` hook: stops the process with the names of the variables that are wrong. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    problems.push('JWT_SECRET must be set in production (at least 32 random characters)');
  }
  if (problems.length > 0) throw new Error(`Invalid environment: ${problems.join('; ')}`);
  return env;
}

/** Fastify's trustProxy setting from TRUST_PROXY (see Environment). */
export function trustProxySetting(value: string | undefined): boolean | string[] {
  if (value === undefined || value.trim() === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').map((a) => a.trim()).filter(Boolean);
}
