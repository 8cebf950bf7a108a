import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdsModule } from '../households/households.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { StatusChange } from './entities/status-change.entity.js';
import { RepairsController } from './repairs.controller.js';
import { RepairsService } from './repairs.service.js';
import { SqliteTransitionWriter } from './sqlite-transition-writer.js';

@Module({
  imports: [TypeOrmModule.forFeature([StatusChange]), HouseholdsModule, RegionsModule],
  controllers: [RepairsController],
  providers: [RepairsService, SqliteTransitionWriter],
})
export class RepairsModule {}
