import { Module } from '@nestjs/common';
import { HouseholdWritesModule } from '../household-writes/household-writes.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { ImportJobs } from './import-jobs.js';
import { ImportTemplateService } from './import-template.service.js';
import { ImportsController } from './imports.controller.js';
import { LedgerImportsService } from './ledger-imports.service.js';

@Module({
  imports: [RegionsModule, HouseholdWritesModule],
  controllers: [ImportsController],
  providers: [ImportTemplateService, LedgerImportsService, ImportJobs],
  exports: [LedgerImportsService, ImportJobs],
})
export class ImportsModule {}
