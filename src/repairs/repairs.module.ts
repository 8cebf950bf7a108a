import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdWritesModule } from '../household-writes/household-writes.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { StatusChange } from './entities/status-change.entity.js';
import { RepairsController } from './repairs.controller.js';
import { RepairsService } from './repairs.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([StatusChange]), HouseholdsModule, HouseholdWritesModule, RegionsModule],
  controllers: [RepairsController],
  providers: [RepairsService],
})
export class RepairsModule {}
