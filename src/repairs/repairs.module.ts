import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HouseholdWritesModule } from '../household-writes/household-writes.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { RecordedRequest } from './entities/recorded-request.entity.js';
import { StatusChange } from './entities/status-change.entity.js';
import { BatchMovesController } from './batch-moves.controller.js';
import { BatchMovesService } from './batch-moves.service.js';
import { MoveRecorder } from './move-recorder.js';
import { RecordedRequestsPurge } from './recorded-requests-purge.js';
import { RepairsController } from './repairs.controller.js';
import { RepairsService } from './repairs.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([StatusChange, RecordedRequest]), HouseholdsModule, HouseholdWritesModule, RegionsModule],
  controllers: [RepairsController, BatchMovesController],
  providers: [RepairsService, MoveRecorder, BatchMovesService, RecordedRequestsPurge],
})
export class RepairsModule {}
