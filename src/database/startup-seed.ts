import type { INestApplicationContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { seedQingxu } from '../../seeds/qingxu.seed.js';
import type { AppConfig } from '../config/env.validation.js';

/** SEED=qingxu (the default) loads the Qingxu 2021-12-23 figures into an empty database (README "The seed"). */
export async function seedAtStartup(app: INestApplicationContext): Promise<void> {
  if (app.get<AppConfig>(ConfigService).getOrThrow('SEED', { infer: true }) !== 'qingxu') return;
  const outcome = await seedQingxu(app.get(DataSource), { onlyIfEmpty: true });
  app.get(Logger).log(outcome.seeded ? `Seeded Qingxu: ${outcome.households} households` : `Seed qingxu skipped: ${outcome.reason}`);
}
