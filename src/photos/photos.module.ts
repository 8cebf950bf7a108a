import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdWritesModule } from '../household-writes/household-writes.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { Photo } from './entities/photo.entity.js';
import { PhotoFilesModule } from './photo-files.module.js';
import { HouseholdPhotosController, PhotosController } from './photos.controller.js';
import { PhotosService } from './photos.service.js';

/** Photos as evidence of a repair: the API. (PhotoFilesModule gives the files to whoever prints them.) */
@Module({
  imports: [TypeOrmModule.forFeature([Photo]), HouseholdsModule, RegionsModule, HouseholdWritesModule, PhotoFilesModule],
  controllers: [HouseholdPhotosController, PhotosController],
  providers: [PhotosService],
  exports: [PhotosService],
})
export class PhotosModule {}
