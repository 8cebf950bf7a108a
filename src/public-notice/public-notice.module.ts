import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Household } from '../households/entities/household.entity.js';
import { RegionsModule } from '../regions/regions.module.js';
import { PublicNoticeController } from './public-notice.controller.js';
import { PublicNoticeService } from './public-notice.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Household]), RegionsModule],
  controllers: [PublicNoticeController],
  providers: [PublicNoticeService],
})
export class PublicNoticeModule {}
