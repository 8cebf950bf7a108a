import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions, createDataSource } from './data-source-options.js';
import { WriteTransactions } from './write-transactions.js';
import type { AppConfig } from '../config/env.validation.js';

/** The database connection; migrations run when it opens. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.getOrThrow('DATABASE_URL', { infer: true })),
        migrationsRun: true,
      }),
      // The factory always receives the options built just above.
      dataSourceFactory: (options?: DataSourceOptions) => createDataSource(options!).initialize(),
    }),
  ],
  providers: [WriteTransactions],
  exports: [WriteTransactions],
})
export class DatabaseModule {}
