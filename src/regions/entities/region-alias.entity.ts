import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Another name a region is written with (阎家营村 is also written 闫家营村). */
@Entity('region_aliases')
export class RegionAlias {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'region_id', type: 'integer' })
  regionId: number;

  @Column({ type: 'varchar', length: 50 })
  name: string;
}
