import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionAlias } from './entities/region-alias.entity.js';
import { Region } from './entities/region.entity.js';
import { RegionsController } from './regions.controller.js';
import { RegionsService } from './regions.service.js';
import { VillagesController } from './villages.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([Region, RegionAlias])],
  controllers: [VillagesController, RegionsController],
  providers: [RegionsService],
  exports: [RegionsService],
})
export class RegionsModule {}
