import { MigrationInterface, QueryRunner } from 'typeorm';

/** The replica (INSTANCE_ID) that recorded each lifecycle event; several share one database. */
export class LifecycleEventInstance1795400000002 implements MigrationInterface {
  name = 'LifecycleEventInstance1795400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lifecycle_events ADD COLUMN instance_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lifecycle_events DROP COLUMN instance_id`);
  }
}
