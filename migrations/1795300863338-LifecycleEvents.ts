import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recent lifecycle events of the framework modules (registering, starting, started, stopping,
 * stopped, error, warning). Platform-level, no tenant_id: modules belong to the running process,
 * not to a tenant, and the table is read by platform roles (admin, auditor) only.
 */
export class LifecycleEvents1795300863338 implements MigrationInterface {
  name = 'LifecycleEvents1795300863338';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lifecycle_events (
        id             bigserial NOT NULL,
        occurred_at    timestamptz NOT NULL,
        module         text NOT NULL,
        phase          text NOT NULL,
        details        jsonb NOT NULL,
        correlation_id text NOT NULL,
        CONSTRAINT lifecycle_events_pkey PRIMARY KEY (id),
        CONSTRAINT lifecycle_events_phase_valid CHECK (phase IN
          ('registering', 'starting', 'started', 'stopping', 'stopped', 'error', 'warning')),
        CONSTRAINT lifecycle_events_module_not_empty CHECK (length(module) > 0)
      )`);
    await q.query(`CREATE INDEX lifecycle_events_occurred_idx ON lifecycle_events (occurred_at, id)`);
    await q.query(`COMMENT ON TABLE lifecycle_events IS '${LIFECYCLE_EVENTS_COMMENT}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lifecycle_events`);
  }
}

/** Copy of LIFECYCLE_EVENTS_COMMENT in lifecycle-event.entity.ts (TypeORM compares table comments). */
const LIFECYCLE_EVENTS_COMMENT = 'platform: lifecycle events of the framework modules (the process), not tenant data; no tenant_id';
