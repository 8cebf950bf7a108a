import { Module } from '@nestjs/common';
import { HouseholdWriter } from './household-writer.js';

/** Provides HouseholdWriter, the write path every change to a household takes. */
@Module({
  providers: [HouseholdWriter],
  exports: [HouseholdWriter],
})
export class HouseholdWritesModule {}
