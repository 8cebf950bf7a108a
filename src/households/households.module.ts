import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionsModule } from '../regions/regions.module.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { HouseholdEdit } from './entities/household-edit.entity.js';
import { Household } from './entities/household.entity.js';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsService } from './households.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Household, HouseholdEdit, StatusChange]), RegionsModule],
  controllers: [HouseholdsController],
  providers: [HouseholdsService],
  exports: [HouseholdsService],
})
export class HouseholdsModule {}
