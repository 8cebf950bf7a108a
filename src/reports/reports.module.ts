import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module.js';
import { ProgressCountsRepository } from './progress-counts.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [RegionsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ProgressCountsRepository],
  exports: [ReportsService, ProgressCountsRepository],
})
export class ReportsModule {}
