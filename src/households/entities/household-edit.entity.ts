import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One changed field of a household (anything but its status), kept for good. */
@Entity('household_edits')
export class HouseholdEdit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'household_id', type: 'integer' })
  householdId: number;

  @Column({ type: 'varchar', length: 50 })
  field: string;

  /** The values as JSON text, so null and false stay distinguishable. */
  @Column({ name: 'old_value', type: 'text', nullable: true })
  oldValue: string | null;

  @Column({ name: 'new_value', type: 'text', nullable: true })
  newValue: string | null;

  /** The name of whoever made the change, as it was then (or the source, for seeded rows). */
  @Column({ type: 'varchar', length: 100 })
  actor: string;

  /** The account that made the change; null for seeded rows and changes made before accounts. */
  @Column({ name: 'actor_user_id', type: 'integer', nullable: true })
  actorUserId: number | null;

  @Column({ name: 'edited_at', type: Date })
  editedAt: Date;
}
