import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/env.validation.js';
import { PhotoFiles } from './photo-files.js';

/**
 * PhotoFiles on its own, configured from PHOTO_DIR and PHOTO_MIN_FREE_MB: what the photo API
 * writes and serves with, and what a module that prints photos (the acceptance form) reads
 * with, without importing the photo API and the modules it needs.
 */
@Module({
  providers: [
    {
      provide: PhotoFiles,
      inject: [ConfigService],
      useFactory: (config: AppConfig) =>
        new PhotoFiles({
          dir: config.getOrThrow('PHOTO_DIR', { infer: true }),
          minFreeBytes: config.getOrThrow('PHOTO_MIN_FREE_MB', { infer: true }) * 1024 * 1024,
        }),
    },
  ],
  exports: [PhotoFiles],
})
export class PhotoFilesModule {}
