import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RepairStatus } from '../repair-status.js';

/** One recorded move of a household's repair status. Append-only: never updated or deleted. */
@Entity('status_changes')
export class StatusChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'household_id', type: 'integer' })
  householdId: number;

  /** Null for the household's first recorded state. */
  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: RepairStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: RepairStatus;

  /** The county date the work happened (may be earlier than when it was recorded). */
  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ name: 'recorded_at', type: Date })
  recordedAt: Date;

  /** The name of whoever made the change, as it was then (or the source, for seeded rows). */
  @Column({ type: 'varchar', length: 100 })
  actor: string;

  /** The account that made the change; null for seeded rows and changes made before accounts. */
  @Column({ name: 'actor_user_id', type: 'integer', nullable: true })
  actorUserId: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** An inspector's verdict's acceptance record (inspection.ts, as JSON); null for every other move. */
  @Column({ type: 'text', nullable: true })
  inspection: string | null;
}
