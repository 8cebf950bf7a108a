import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { workerScript } from '../common/worker-script.js';
import { RenderPool } from './render-pool.js';
import { renderPoolSettings } from './render-pool-settings.js';
import type { AppConfig } from '../config/env.validation.js';

/** The render pool, one per application: the period report files, the household record and the household ledger use it. */
@Module({
  providers: [
    {
      provide: RenderPool,
      inject: [ConfigService],
      useFactory: (config: AppConfig) =>
        new RenderPool(renderPoolSettings(config), workerScript(new URL('./render-worker.js', import.meta.url))),
    },
  ],
  exports: [RenderPool],
})
export class ExportsModule {}
