import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** A clock the tests set; it runs in real time until frozen. */
export class TestClock extends Clock {
  private frozen: Date | null = null;

  override now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date();
  }

  freeze(instant: string | Date): void {
    this.frozen = new Date(instant);
  }
}

/** Finds a generated first-admin password in the box printed on standard error (src/auth/first-admin.ts). */
export const GENERATED_PASSWORD = /password: (\S+)/;

/** The first admin's password in every test database. */
export const ADMIN_PASSWORD = 'test-admin-清徐-2021';

export interface TestApp {
  app: NestFastifyApplication;
  /** What the process printed on standard output while it started. */
  startupOutput: string;
  /** What the process printed on standard error while it started (the first admin's password box). */
  startupErrors: string;
  /** A token for the first admin (username `admin`). */
  adminToken: string;
  dataSource: DataSource;
  clock: TestClock;
  /** Closes the application, keeping its database. */
  close(): Promise<void>;
  /** Starts the application again on the same database, as after a process restart. */
  restart(): Promise<TestApp>;
  /** Starts a second instance on the same database, beside this one (its own connections). */
  another(): Promise<TestApp>;
  /** Closes the application and drops its database. */
  dispose(): Promise<void>;
}

/**
 * Boots the real AppModule (the same pipes, filter and setup as production) on a fresh
 * database built by the migrations. Only the clock is replaced.
 */
interface StartOptions {
  /** Log at info level into this file. */
  logFile?: string;
  /** Start without ADMIN_PASSWORD, so the first admin gets a generated password printed once. */
  generatedAdminPassword?: boolean;
  /** The admin password a restarted app signs in with, when it was generated. */
  knownAdminPassword?: string;
}

export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  return boot(await createTestDatabase(), new TestClock(), options);
}

/** The database this file's AppModule was loaded for (see below). */
let loadedFor: string | null = null;

async function boot(database: TestDatabase, clock: TestClock, options: StartOptions): Promise<TestApp> {
  // ConfigModule reads the environment once, when AppModule is first imported in a test file,
  // so a file gets one database (restarts reuse it) and one set of start options.
  if (loadedFor !== null && loadedFor !== database.url) {
    throw new Error('One test database per test file: start a second app in another file');
  }
  loadedFor = database.url;
  process.env.DATABASE_URL = database.url;
  process.env.SEED = 'none';
  process.env.LOG_LEVEL = options.logFile ? 'info' : (process.env.TEST_LOG_LEVEL ?? 'silent');
  if (options.logFile) process.env.LOG_FILE = options.logFile;
  process.env.NODE_ENV = 'test';
  if (options.generatedAdminPassword) delete process.env.ADMIN_PASSWORD;
  else process.env.ADMIN_PASSWORD = ADMIN_PASSWORD;
  // Tests give each simulated client its own address with X-Forwarded-For.
  process.env.TRUST_PROXY = 'true';
  process.env.JWT_SECRET = 'a test secret that is long enough for HS256 signing';
  // Imported after the environment is set: ConfigModule reads it when AppModule is first loaded.
  // One at a time: Jest's ESM loader can fail on concurrent imports of a shared dependency.
  const { AppModule } = await import('../../src/app.module.js');
  const { configureApp, createHttpAdapter } = await import('../../src/app.setup.js');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
  const captured = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  for (const stream of ['stdout', 'stderr'] as const) {
    process[stream].write = (chunk: string | Uint8Array) => {
      captured[stream] += chunk.toString();
      return true;
    };
  }
  try {
    await configureApp(app);
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
  }
  const password = !options.generatedAdminPassword
    ? ADMIN_PASSWORD
    : (options.knownAdminPassword ?? GENERATED_PASSWORD.exec(captured.stderr)?.[1] ?? '');
  const login = await request(app.getHttpServer()).post('/api/auth/login').send({ username: 'admin', password });
  if (login.status !== 200) throw new Error(`The test admin cannot sign in: ${login.status} ${JSON.stringify(login.body)}`);
  const close = () => app.close();
  return {
    app,
    startupOutput: captured.stdout,
    startupErrors: captured.stderr,
    adminToken: login.body.accessToken,
    dataSource: app.get(DataSource),
    clock,
    close,
    restart: async () => {
      await close();
      return boot(database, clock, { ...options, knownAdminPassword: password });
    },
    another: () => boot(database, clock, { ...options, knownAdminPassword: password }),
    dispose: async () => {
      await close();
      await database.drop();
    },
  };
}
