import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdWritesModule } from '../household-writes/household-writes.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { Photo } from './entities/photo.entity.js';
import { PhotoStorageModule } from './photo-storage.module.js';
import { HouseholdPhotosController, PhotosController } from './photos.controller.js';
import { PhotosService } from './photos.service.js';

/** Photos as evidence of a repair: the API. (PhotoStorageModule holds the files, for the printed pages too.) */
@Module({
  imports: [TypeOrmModule.forFeature([Photo]), HouseholdsModule, RegionsModule, HouseholdWritesModule, PhotoStorageModule],
  controllers: [HouseholdPhotosController, PhotosController],
  providers: [PhotosService],
  exports: [PhotosService],
})
export class PhotosModule {}
