import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExportsModule } from '../exports/exports.module.js';
import { HouseholdWritesModule } from '../household-writes/household-writes.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { ReportRemark } from '../reports/entities/report-remark.entity.js';
import { PhotoStorageModule } from '../photos/photo-storage.module.js';
import { AcceptanceFormController } from './acceptance-form.controller.js';
import { AcceptanceFormService } from './acceptance-form.service.js';
import { HouseholdRecordController } from './household-record.controller.js';
import { HouseholdRecordService } from './household-record.service.js';
import { HouseholdEdit } from './entities/household-edit.entity.js';
import { Household } from './entities/household.entity.js';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsService } from './households.service.js';
import { LedgerExportRepository } from './ledger-export.repository.js';
import { LedgerExportService } from './ledger-export.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Household, HouseholdEdit, StatusChange, ReportRemark]),
    RegionsModule,
    ExportsModule,
    HouseholdWritesModule,
    PhotoStorageModule,
  ],
  controllers: [HouseholdsController, HouseholdRecordController, AcceptanceFormController],
  providers: [HouseholdsService, HouseholdRecordService, AcceptanceFormService, LedgerExportService, LedgerExportRepository],
  exports: [HouseholdsService],
})
export class HouseholdsModule {}
