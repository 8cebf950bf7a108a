import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExportsModule } from '../exports/exports.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { ReportRemark } from './entities/report-remark.entity.js';
import { ProgressCountsRepository } from './progress-counts.repository.js';
import { ReportRemarksController } from './report-remarks.controller.js';
import { ReportRemarksService } from './report-remarks.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';
import { ReportCache } from './report-cache.js';
import { PeriodCountsRepository } from './period/period-counts.repository.js';
import { PeriodReportController } from './period/period-report.controller.js';
import { PeriodReportService } from './period/period-report.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ReportRemark]), RegionsModule, ExportsModule],
  controllers: [ReportsController, PeriodReportController, ReportRemarksController],
  providers: [ReportsService, ReportCache, ProgressCountsRepository, ReportRemarksService, PeriodReportService, PeriodCountsRepository],
  exports: [ReportsService, ProgressCountsRepository, PeriodReportService],
})
export class ReportsModule {}
