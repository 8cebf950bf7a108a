import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RepairStatus } from '../repair-status.js';

/**
 * A move recorded with a client-made id (`clientId`): what a retry of it is answered with.
 * Written in the move's own transaction, so a move is never recorded without it; deleted after
 * RECORDED_REQUEST_DAYS.
 */
@Entity('recorded_requests')
export class RecordedRequest {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 36 })
  clientId: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'household_id', type: 'integer' })
  householdId: number;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: RepairStatus;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  /** JSON: the household as the move left it, without its personal data. */
  @Column({ type: 'text' })
  household: string;

  @Column({ name: 'recorded_at', type: Date })
  recordedAt: Date;
}
