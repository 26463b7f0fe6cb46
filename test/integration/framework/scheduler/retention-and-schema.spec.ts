import { Logger } from '@nestjs/common';
import { RetentionPurgeJob } from '../../../../src/framework/scheduler/retention-purge.job';
import { SchedulerConfig } from '../../../../src/framework/scheduler/scheduler.config';
import { SchedulerRepository } from '../../../../src/framework/scheduler/scheduler.repository';
import { useMigratedDatabase } from '../../../support/migrated-data-source';
import { FakeClock } from '../../../support/fake-clock';
import { schedulerInstance } from '../../../support/scheduler';

Logger.overrideLogger(false);

const NOW = new Date('2026-06-30T00:00:00Z');
const days = (n: number) => new Date(NOW.getTime() - n * 24 * 60 * 60 * 1000);

describe('operations schema and retention purge', () => {
  const database = useMigratedDatabase();

  it('marks the four operations tables as platform-level in their table comment', async () => {
    const rows: Array<{ table_name: string; comment: string }> = await database.dataSource.query(
      `SELECT c.relname AS table_name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c
        WHERE c.relname IN ('health_module_status', 'health_status_history', 'scheduler_job_state', 'scheduler_job_fires') ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(['health_module_status', 'health_status_history', 'scheduler_job_fires', 'scheduler_job_state']);
    for (const row of rows) expect(row.comment).toMatch(/^platform: /);
  });

  it('refuses invalid statuses, a finished fire without finished_at, and a fire of an unknown job', async () => {
    await expect(
      database.dataSource.query(`INSERT INTO health_module_status (module_name, status, message, optional, last_changed_at) VALUES ('x', 'ok', '', false, now())`),
    ).rejects.toThrow(/health_module_status_status_valid/);
    await database.dataSource.query(`INSERT INTO scheduler_job_state (job_id, cron_expression) VALUES ('test.schema', '* * * * *')`);
    await expect(
      database.dataSource.query(
        `INSERT INTO scheduler_job_fires (job_id, scheduled_at, trigger, status, instance_id, claimed_at) VALUES ('test.schema', now(), 'schedule', 'succeeded', 'a', now())`,
      ),
    ).rejects.toThrow(/scheduler_job_fires_finished_when_done/);
    await expect(
      database.dataSource.query(
        `INSERT INTO scheduler_job_fires (job_id, scheduled_at, trigger, status, instance_id, claimed_at) VALUES ('test.unknown', now(), 'schedule', 'running', 'a', now())`,
      ),
    ).rejects.toThrow(/scheduler_job_fires_job_fk/);
    await expect(database.dataSource.query(`INSERT INTO scheduler_job_state (job_id, cron_expression) VALUES ('Bad Id', '* * * * *')`)).rejects.toThrow(
      /scheduler_job_state_id_format/,
    );
  });

  it('purges rows older than the retention, keeps younger and running ones, and tolerates absent tables', async () => {
    const clock = new FakeClock(NOW);
    await database.dataSource.query(`INSERT INTO scheduler_job_state (job_id, cron_expression) VALUES ('test.retention', '* * * * *')`);
    const fire = (scheduledAt: Date, status: string) =>
      database.dataSource.query(
        `INSERT INTO scheduler_job_fires (job_id, scheduled_at, trigger, status, instance_id, claimed_at, finished_at)
         VALUES ('test.retention', $1, 'schedule', $2, 'a', $1, $3)`,
        [scheduledAt, status, status === 'running' ? null : scheduledAt],
      );
    await fire(days(40), 'succeeded');
    await fire(days(35), 'running');
    await fire(days(10), 'succeeded');
    for (const changedAt of [days(31), days(29)]) {
      await database.dataSource.query(
        `INSERT INTO health_status_history (module_name, status, previous_status, message, changed_at) VALUES ('test', 'healthy', NULL, '', $1)`,
        [changedAt],
      );
    }

    const scheduler = schedulerInstance(database.dataSource, clock, 'a');
    const config = Object.assign(new SchedulerConfig(), { retentionDays: 30 });
    const job = new RetentionPurgeJob(scheduler, new SchedulerRepository(database.dataSource), config, clock);
    const summary = await job.purge();

    expect(summary).toContain('provenance_records: absent');
    expect(summary).toContain('scheduler_job_fires: 1');
    expect(summary).toContain('health_status_history: 1');
    const fires: Array<{ status: string }> = await database.dataSource.query(
      `SELECT status FROM scheduler_job_fires WHERE job_id = 'test.retention' ORDER BY scheduled_at`,
    );
    expect(fires.map((f) => f.status)).toEqual(['running', 'succeeded']);
    const history = await database.dataSource.query(`SELECT count(*)::int AS n FROM health_status_history WHERE module_name = 'test'`);
    expect(history[0].n).toBe(1);
  });

  it('registers the purge as a job that runs through the scheduler', async () => {
    const clock = new FakeClock(NOW);
    const scheduler = schedulerInstance(database.dataSource, clock, 'a');
    const job = new RetentionPurgeJob(scheduler, new SchedulerRepository(database.dataSource), new SchedulerConfig(), clock);
    await job.onModuleInit();
    expect(scheduler.definitions().map((d) => [d.jobId, d.cron, d.catchUp])).toEqual([['retention.purge', '0 30 3 * * *', 'bounded_backfill']]);
    expect((await scheduler.tick('retention.purge')).outcome).toBe('succeeded');
  });
});
