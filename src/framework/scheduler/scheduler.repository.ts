import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FireResult, FireTrigger } from './job-definition';
import { JobFireEntity } from './job-fire.entity';
import { JobStateEntity } from './job-state.entity';

/**
 * claimed: this caller runs it; taken: another replica claimed this fire; skipped: the concurrency
 * limit was reached and the fire is recorded as skipped; busy: the limit was reached on a catch-up
 * fire, which is left unrecorded for the replica running the backlog (see claim()).
 */
export type ClaimOutcome = 'claimed' | 'skipped' | 'taken' | 'busy';

export interface ClaimRequest {
  jobId: string;
  scheduledAt: Date;
  trigger: FireTrigger;
  instanceId: string;
  now: Date;
  maxConcurrency: number;
  leaseMs: number;
}

export interface FinishRequest {
  jobId: string;
  scheduledAt: Date;
  result: Exclude<FireResult, 'skipped'>;
  now: Date;
  durationMs: number;
  error?: string;
}

/** Job state and fire claims in PostgreSQL: the one place replicas agree on who runs what. */
@Injectable()
export class SchedulerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The state row of a job, created on first registration; the cron expression follows the code. */
  async ensureState(jobId: string, cronExpression: string): Promise<JobStateEntity> {
    await this.dataSource.query(
      `INSERT INTO scheduler_job_state (job_id, cron_expression) VALUES ($1, $2)
       ON CONFLICT (job_id) DO UPDATE SET cron_expression = EXCLUDED.cron_expression`,
      [jobId, cronExpression],
    );
    return this.dataSource.getRepository(JobStateEntity).findOneByOrFail({ jobId });
  }

  async states(): Promise<JobStateEntity[]> {
    return this.dataSource.getRepository(JobStateEntity).find({ order: { jobId: 'ASC' } });
  }

  async fires(jobId: string): Promise<JobFireEntity[]> {
    return this.dataSource.getRepository(JobFireEntity).find({ where: { jobId }, order: { scheduledAt: 'ASC' } });
  }

  /**
   * Claims one fire. The state row is locked first so concurrent claims of the same job (any
   * replica) are serialised: the running count and the insert see one consistent picture. The
   * primary key (job_id, scheduled_at) makes a fire somebody else already claimed a no-op.
   */
  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT job_id FROM scheduler_job_state WHERE job_id = $1 FOR UPDATE`, [request.jobId]);
      const leaseStart = new Date(request.now.getTime() - request.leaseMs);
      const [{ running }] = await manager.query<Array<{ running: number }>>(
        `SELECT count(*)::int AS running FROM scheduler_job_fires
          WHERE job_id = $1 AND status = 'running' AND claimed_at > $2`,
        [request.jobId, leaseStart],
      );
      const limitReached = running >= request.maxConcurrency;
      // Replicas booting together all walk the same backlog oldest first: a catch-up fire that
      // finds the limit reached belongs to whoever is running the previous one, so it is not
      // recorded as skipped (that would lose it); that replica claims it next.
      if (limitReached && request.trigger === 'catch_up') return 'busy';
      const status = limitReached ? 'skipped' : 'running';
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO scheduler_job_fires (job_id, scheduled_at, trigger, status, instance_id, claimed_at, finished_at, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (job_id, scheduled_at) DO NOTHING RETURNING job_id`,
        [
          request.jobId,
          request.scheduledAt,
          request.trigger,
          status,
          request.instanceId,
          request.now,
          status === 'skipped' ? request.now : null,
          status === 'skipped' ? 0 : null,
        ],
      );
      if (inserted.length === 0) return 'taken';
      // Manual triggers do not advance the cron slot: catch-up still finds the scheduled fires.
      const slot = request.trigger === 'manual' ? null : request.scheduledAt;
      if (status === 'skipped') {
        await manager.query(
          `UPDATE scheduler_job_state SET last_result = 'skipped', last_duration_ms = 0, last_error = NULL,
                  last_scheduled_at = GREATEST(last_scheduled_at, $2) WHERE job_id = $1`,
          [request.jobId, slot],
        );
        return 'skipped';
      }
      await manager.query(
        `UPDATE scheduler_job_state SET last_started_at = $2,
                last_scheduled_at = CASE WHEN $3::timestamptz IS NULL THEN last_scheduled_at
                                         ELSE GREATEST(last_scheduled_at, $3::timestamptz) END
          WHERE job_id = $1`,
        [request.jobId, request.now, slot],
      );
      return 'claimed';
    });
  }

  async finish(request: FinishRequest): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // State row first, as in claim(): the same lock order everywhere, so claims and finishes never deadlock.
      await manager.query(
        `UPDATE scheduler_job_state SET last_result = $2, last_finished_at = $3, last_duration_ms = $4, last_error = $5
          WHERE job_id = $1`,
        [request.jobId, request.result, request.now, request.durationMs, request.error ?? null],
      );
      await manager.query(
        `UPDATE scheduler_job_fires SET status = $3, finished_at = $4, duration_ms = $5, error = $6
          WHERE job_id = $1 AND scheduled_at = $2`,
        [request.jobId, request.scheduledAt, request.result, request.now, request.durationMs, request.error ?? null],
      );
    });
  }
}
