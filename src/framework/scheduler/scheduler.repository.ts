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
  /** The job's longest run: an older running fire stops counting even while renewed. */
  leaseMs: number;
  /** The heartbeat lease a running fire starts with (renewed by its replica). */
  fireLeaseMs: number;
}

/** A fire a replica is running, as renewals name it. */
export interface FireKey {
  jobId: string;
  scheduledAt: Date;
}

/** Marks the running fires abandoned whose holder stopped renewing them: the reason recorded on them. */
export const ABANDONED_FIRE_ERROR = 'abandoned: its replica stopped renewing the lease (crashed or cut off)';

export interface FinishRequest {
  jobId: string;
  scheduledAt: Date;
  instanceId: string;
  result: Exclude<FireResult, 'skipped'>;
  now: Date;
  durationMs: number;
  error?: string;
}

/** TypeORM answers UPDATE … RETURNING with [rows, affected]; SELECT and INSERT with the rows. */
function returned<T>(result: unknown): T[] {
  const value = result as unknown[];
  return (Array.isArray(value) && value.length === 2 && Array.isArray(value[0]) && typeof value[1] === 'number' ? value[0] : value) as T[];
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
   * Running fires whose heartbeat lease ran out (their replica died) or that outlived the job's
   * lease are recorded as failed first, so they no longer count.
   */
  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT job_id FROM scheduler_job_state WHERE job_id = $1 FOR UPDATE`, [request.jobId]);
      const leaseStart = new Date(request.now.getTime() - request.leaseMs);
      await manager.query(
        `UPDATE scheduler_job_fires
            SET status = 'failed', finished_at = $2, error = $4,
                duration_ms = GREATEST(0, round(extract(epoch FROM $2::timestamptz - claimed_at) * 1000))::int
          WHERE job_id = $1 AND status = 'running' AND (lease_until <= $2 OR claimed_at <= $3)`,
        [request.jobId, request.now, leaseStart, ABANDONED_FIRE_ERROR],
      );
      const [{ running }] = await manager.query<Array<{ running: number }>>(
        `SELECT count(*)::int AS running FROM scheduler_job_fires WHERE job_id = $1 AND status = 'running'`,
        [request.jobId],
      );
      const limitReached = running >= request.maxConcurrency;
      // Replicas booting together all walk the same backlog oldest first: a catch-up fire that
      // finds the limit reached belongs to whoever is running the previous one, so it is not
      // recorded as skipped (that would lose it); that replica claims it next.
      if (limitReached && request.trigger === 'catch_up') return 'busy';
      const status = limitReached ? 'skipped' : 'running';
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO scheduler_job_fires (job_id, scheduled_at, trigger, status, instance_id, claimed_at, finished_at, duration_ms, lease_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
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
          status === 'skipped' ? null : new Date(request.now.getTime() + request.fireLeaseMs),
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

  /**
   * Renews the heartbeat lease of the fires this replica runs, all in one statement. Only fires
   * still running under this replica with a lease not yet run out are renewed; they come back.
   */
  async renew(instanceId: string, fires: FireKey[], leaseUntil: Date, now: Date): Promise<FireKey[]> {
    const rows = returned<{ job_id: string; scheduled_at: Date }>(
      await this.dataSource.query(
        `UPDATE scheduler_job_fires f SET lease_until = $3
           FROM unnest($1::text[], $2::timestamptz[]) AS held(job_id, scheduled_at)
          WHERE f.job_id = held.job_id AND f.scheduled_at = held.scheduled_at
            AND f.instance_id = $4 AND f.status = 'running' AND f.lease_until > $5
         RETURNING f.job_id, f.scheduled_at`,
        [fires.map((f) => f.jobId), fires.map((f) => f.scheduledAt), leaseUntil, instanceId, now],
      ),
    );
    return rows.map((r) => ({ jobId: r.job_id, scheduledAt: r.scheduled_at }));
  }

  /**
   * Records the outcome of a fire this replica ran, unless another replica's claim already
   * recorded it as abandoned (its lease had run out). False in that case.
   */
  async finish(request: FinishRequest): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // State row first, as in claim(): the same lock order everywhere, so claims and finishes never deadlock.
      await manager.query(`SELECT job_id FROM scheduler_job_state WHERE job_id = $1 FOR UPDATE`, [request.jobId]);
      const finished = returned(
        await manager.query(
          `UPDATE scheduler_job_fires SET status = $3, finished_at = $4, duration_ms = $5, error = $6
            WHERE job_id = $1 AND scheduled_at = $2 AND status = 'running' AND instance_id = $7 RETURNING job_id`,
          [request.jobId, request.scheduledAt, request.result, request.now, request.durationMs, request.error ?? null, request.instanceId],
        ),
      );
      if (finished.length === 0) return false;
      await manager.query(
        `UPDATE scheduler_job_state SET last_result = $2, last_finished_at = $3, last_duration_ms = $4, last_error = $5
          WHERE job_id = $1`,
        [request.jobId, request.result, request.now, request.durationMs, request.error ?? null],
      );
      return true;
    });
  }

  /**
   * Retention: the first of the candidate timestamp columns the table has, or undefined when the
   * table (or every column) is absent. Tables of other issues may not exist in a given build.
   */
  async firstExistingColumn(table: string, columns: readonly string[]): Promise<string | undefined> {
    const rows = await this.dataSource.query<Array<{ column_name: string }>>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = ANY($2)`,
      [table, columns],
    );
    const present = new Set(rows.map((r) => r.column_name));
    return columns.find((column) => present.has(column));
  }

  /**
   * Retention: deletes the table's rows whose `column` is older than the cutoff, except those the
   * `keep` condition holds for; returns how many went. The identifiers and the condition come from
   * the purge's constant target list and information_schema, never from input.
   */
  async deleteOlderThan(table: string, column: string, cutoff: Date, keep?: string): Promise<number> {
    const unless = keep ? ` AND NOT (${keep})` : '';
    const result = await this.dataSource.query<[unknown, number]>(`DELETE FROM "${table}" WHERE "${column}" < $1${unless}`, [cutoff]);
    return result[1] ?? 0;
  }
}
