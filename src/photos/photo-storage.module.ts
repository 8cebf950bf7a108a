import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/env.validation.js';
import { Photo } from './entities/photo.entity.js';
import { PhotoFiles } from './photo-files.js';
import { PhotoPrints } from './photo-prints.js';

/**
 * Where photos are kept (PHOTO_DIR) and how printed pages read them: no dependency on the
 * households module, so that module's printed record can import it while PhotosModule (which
 * checks scope through the households module) imports it too.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Photo])],
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
    PhotoPrints,
  ],
  exports: [PhotoFiles, PhotoPrints],
})
export class PhotoStorageModule {}
