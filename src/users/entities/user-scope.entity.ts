import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One region node a user works in; it covers everything below it. */
@Entity('user_scopes')
export class UserScope {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'region_id', type: 'integer' })
  regionId: number;
}
