import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operations: health status (latest per module + history of changes) and scheduler job state
 * (state per job + one row per claimed fire). These are platform-level tables without tenant_id:
 * they describe the service instance(s) themselves (modules, probes, cron jobs), not any tenant's
 * business data. The table comments say so too, so the schema itself carries the reason.
 */
export class Operations1795300785338 implements MigrationInterface {
  name = 'Operations1795300785338';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE health_module_status (
        module_name     text PRIMARY KEY,
        status          text NOT NULL,
        message         text NOT NULL,
        optional        boolean NOT NULL,
        last_changed_at timestamptz NOT NULL,
        CONSTRAINT health_module_status_status_valid CHECK (status IN ('healthy', 'degraded', 'unhealthy'))
      )`);
    await q.query(`
      CREATE TABLE health_status_history (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        module_name     text NOT NULL,
        status          text NOT NULL,
        previous_status text,
        message         text NOT NULL,
        changed_at      timestamptz NOT NULL,
        CONSTRAINT health_status_history_status_valid CHECK (status IN ('healthy', 'degraded', 'unhealthy')),
        CONSTRAINT health_status_history_previous_valid CHECK (previous_status IN ('healthy', 'degraded', 'unhealthy'))
      )`);
    await q.query(`CREATE INDEX health_status_history_module_changed_idx ON health_status_history (module_name, changed_at)`);

    await q.query(`
      CREATE TABLE scheduler_job_state (
        job_id            text PRIMARY KEY,
        cron_expression   text NOT NULL,
        last_scheduled_at timestamptz,
        last_started_at   timestamptz,
        last_finished_at  timestamptz,
        last_result       text,
        last_duration_ms  integer,
        last_error        text,
        CONSTRAINT scheduler_job_state_id_format CHECK (job_id ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
        CONSTRAINT scheduler_job_state_result_valid CHECK (last_result IN ('succeeded', 'failed', 'skipped')),
        CONSTRAINT scheduler_job_state_duration_positive CHECK (last_duration_ms >= 0)
      )`);
    // One row per fire: the primary key (job_id, scheduled_at) is the claim that makes each fire
    // run once across replicas (INSERT ... ON CONFLICT DO NOTHING).
    await q.query(`
      CREATE TABLE scheduler_job_fires (
        job_id       text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        trigger      text NOT NULL,
        status       text NOT NULL,
        instance_id  text NOT NULL,
        claimed_at   timestamptz NOT NULL,
        finished_at  timestamptz,
        duration_ms  integer,
        error        text,
        PRIMARY KEY (job_id, scheduled_at),
        CONSTRAINT scheduler_job_fires_job_fk FOREIGN KEY (job_id) REFERENCES scheduler_job_state (job_id) ON DELETE CASCADE,
        CONSTRAINT scheduler_job_fires_trigger_valid CHECK (trigger IN ('schedule', 'catch_up', 'manual')),
        CONSTRAINT scheduler_job_fires_status_valid CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
        CONSTRAINT scheduler_job_fires_finished_when_done CHECK ((status = 'running') = (finished_at IS NULL)),
        CONSTRAINT scheduler_job_fires_duration_positive CHECK (duration_ms >= 0)
      )`);
    // Concurrency checks count the running fires of one job.
    await q.query(`CREATE INDEX scheduler_job_fires_running_idx ON scheduler_job_fires (job_id, claimed_at) WHERE status = 'running'`);

    for (const table of ['health_module_status', 'health_status_history', 'scheduler_job_state', 'scheduler_job_fires']) {
      await q.query(`COMMENT ON TABLE ${table} IS '${PLATFORM_TABLE_COMMENT}'`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduler_job_fires`);
    await q.query(`DROP TABLE scheduler_job_state`);
    await q.query(`DROP TABLE health_status_history`);
    await q.query(`DROP TABLE health_module_status`);
  }
}

/** Kept identical to the entities' `comment` (TypeORM compares table comments). */
const PLATFORM_TABLE_COMMENT = 'platform: describes the service itself (health, scheduler), not tenant data; no tenant_id';
