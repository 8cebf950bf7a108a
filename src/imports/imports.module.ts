import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module.js';
import { ImportTemplateService } from './import-template.service.js';
import { ImportsController } from './imports.controller.js';

@Module({
  imports: [RegionsModule],
  controllers: [ImportsController],
  providers: [ImportTemplateService],
})
export class ImportsModule {}
