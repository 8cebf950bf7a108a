import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RegionLevel } from '../region-level.js';

/** A node of the region tree: county → township → village. */
@Entity('regions')
export class Region {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  level: RegionLevel;

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  /** Statistical division code (统计用区划代码), where known: 6 digits county, 9 township, 12 village. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  code: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
