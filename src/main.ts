import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { Logger } from 'nestjs-pino';
import { seedQingxu } from '../seeds/qingxu.seed.js';
import { AppModule } from './app.module.js';
import { configureApp, createHttpAdapter } from './app.setup.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), { bufferLogs: true });
  await configureApp(app);
  const config = app.get(ConfigService);
  const logger = app.get(Logger);
  if (config.getOrThrow<string>('SEED') === 'qingxu') {
    const outcome = await seedQingxu(app.get(DataSource), { onlyIfEmpty: true });
    logger.log(outcome.seeded ? `Seeded Qingxu: ${outcome.households} households` : `Seed qingxu skipped: ${outcome.reason}`);
  }
  const port = config.getOrThrow<number>('PORT');
  const host = config.getOrThrow<string>('HOST');
  await app.listen(port, host);
  logger.log(`Serving on http://${host}:${port}/ (API docs at /api/docs)`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
