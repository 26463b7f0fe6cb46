import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { PLATFORM_TABLE_COMMENT } from '../health/platform-table';
import type { FireResult } from './job-definition';

/** Persisted state of one job; definitions live in code (platform-level: no tenant_id). */
@Entity({ name: 'scheduler_job_state', comment: PLATFORM_TABLE_COMMENT })
@Check('scheduler_job_state_id_format', `job_id ~ '^[a-z0-9][a-z0-9._-]{0,99}$'`)
@Check('scheduler_job_state_result_valid', `last_result IN ('succeeded', 'failed', 'skipped')`)
@Check('scheduler_job_state_duration_positive', 'last_duration_ms >= 0')
export class JobStateEntity {
  @PrimaryColumn({ name: 'job_id', type: 'text' })
  jobId!: string;

  @Column({ name: 'cron_expression', type: 'text' })
  cronExpression!: string;

  /** Cron slot of the latest fire: catch-up looks for slots after it. */
  @Column({ name: 'last_scheduled_at', type: 'timestamptz', nullable: true })
  lastScheduledAt!: Date | null;

  @Column({ name: 'last_started_at', type: 'timestamptz', nullable: true })
  lastStartedAt!: Date | null;

  @Column({ name: 'last_finished_at', type: 'timestamptz', nullable: true })
  lastFinishedAt!: Date | null;

  @Column({ name: 'last_result', type: 'text', nullable: true })
  lastResult!: FireResult | null;

  @Column({ name: 'last_duration_ms', type: 'integer', nullable: true })
  lastDurationMs!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
