import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { AppValidationPipe } from './common/app-validation.pipe.js';
import { CommonModule } from './common/common.module.js';
import { validateEnvironment, type AppConfig } from './config/env.validation.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { HouseholdsModule } from './households/households.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { PhotosModule } from './photos/photos.module.js';
import { PublicNoticeModule } from './public-notice/public-notice.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { RepairsModule } from './repairs/repairs.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { loggerOptions } from './logging.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: AppConfig) =>
        loggerOptions(config.getOrThrow('LOG_LEVEL', { infer: true }), config.get('LOG_FILE', { infer: true })),
    }),
    CommonModule,
    DatabaseModule,
    AuthModule,
    UsersModule,
    RegionsModule,
    HouseholdsModule,
    RepairsModule,
    ImportsModule,
    ReportsModule,
    PublicNoticeModule,
    PhotosModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: AppValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
