import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PLATFORM_TABLE_COMMENT } from '../health/platform-table';
import type { FireStatus, FireTrigger } from './job-definition';
import { JobStateEntity } from './job-state.entity';

/**
 * One claimed fire of a job. The primary key (job_id, scheduled_at) is the claim: the replica whose
 * INSERT wins runs the fire, the others see the conflict and do nothing (platform-level: no tenant_id).
 */
@Entity({ name: 'scheduler_job_fires', comment: PLATFORM_TABLE_COMMENT })
@Check('scheduler_job_fires_trigger_valid', `trigger IN ('schedule', 'catch_up', 'manual')`)
@Check('scheduler_job_fires_status_valid', `status IN ('running', 'succeeded', 'failed', 'skipped')`)
@Check('scheduler_job_fires_finished_when_done', `(status = 'running') = (finished_at IS NULL)`)
@Check('scheduler_job_fires_duration_positive', 'duration_ms >= 0')
@Check('scheduler_job_fires_lease_after_claim', 'lease_until >= claimed_at')
// Partial index on running fires; TypeORM cannot express it, the migration owns it.
@Index('scheduler_job_fires_running_idx', { synchronize: false })
export class JobFireEntity {
  @PrimaryColumn({ name: 'job_id', type: 'text' })
  jobId!: string;

  @PrimaryColumn({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt!: Date;

  @ManyToOne(() => JobStateEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id', foreignKeyConstraintName: 'scheduler_job_fires_job_fk' })
  job?: JobStateEntity;

  @Column({ type: 'text' })
  trigger!: FireTrigger;

  @Column({ type: 'text' })
  status!: FireStatus;

  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt!: Date;

  /** Renewed by the running replica's heartbeat; a running fire whose lease ran out no longer counts (its holder died). */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
