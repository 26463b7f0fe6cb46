import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { type ConstraintMeanings, withDatabaseErrors } from '../../framework/errors';
import { ShadowRunEntity } from './entities/shadow-run.entity';
import type { ShadowInvoiceReport, ShadowSummary } from './shadow-report';

const CONSTRAINTS: ConstraintMeanings = {
  shadow_runs_tenant_fk: { message: 'The tenant does not exist.', field: 'tenant_id', reason: 'unknown tenant', as: 'validation' },
  shadow_runs_config_fk: { message: 'The configuration does not exist.', field: 'config', reason: 'unknown configuration', as: 'validation' },
  shadow_runs_bounded: { message: 'A shadow run reads between 1 and 500 invoices.', field: 'last_n', reason: 'must be between 1 and 500' },
  shadow_runs_one_selection: { message: 'Name either last_n or a date range.', field: 'last_n', reason: 'either last_n or received_from/received_to' },
};

export interface NewShadowRun {
  configId: string;
  tenantId: string;
  requestedBy: string;
  lastN: number | null;
  receivedFrom: Date | null;
  receivedTo: Date | null;
  maxInvoices: number;
}

/** A shadow run as claimed by a worker: its fencing token. */
export type ClaimedShadowRun = ShadowRunEntity & { claimToken: string };

const COLUMNS = `shadow_run_id AS "shadowRunId", config_id AS "configId", tenant_id AS "tenantId", state, requested_by AS "requestedBy", last_n AS "lastN",
  received_from AS "receivedFrom", received_to AS "receivedTo", max_invoices AS "maxInvoices", attempts, claim_token AS "claimToken",
  lease_until AS "leaseUntil", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/**
 * The shadow_runs table: requests, claims with a lease (like invoice runs: a crashed replica's
 * shadow run is taken over once its lease ran out), fenced finishes, reads. Methods join the
 * caller's transaction when given one (`tx`).
 */
@Injectable()
export class ShadowRunRepository {
  constructor(private readonly db: PlatformDatabase) {}

  insert(run: NewShadowRun, tx?: EntityManager): Promise<ShadowRunEntity> {
    const repository = (tx ?? this.db.manager).getRepository(ShadowRunEntity);
    return withDatabaseErrors(CONSTRAINTS, () => repository.save(repository.create({ ...run, state: 'queued' })));
  }

  byId(shadowRunId: string): Promise<ShadowRunEntity | null> {
    return this.db.manager.getRepository(ShadowRunEntity).findOneBy({ shadowRunId });
  }

  /** Newest first; summaries only (reports are read one run at a time). The cursor keeps created_at's microseconds. */
  async list(filter: { configId?: string; tenantId?: string; before?: { createdAt: string; id: string }; take: number }): Promise<Array<{ run: ShadowRunEntity; cursor: string }>> {
    const query = this.db.manager
      .getRepository(ShadowRunEntity)
      .createQueryBuilder('s')
      .select(['s.shadowRunId', 's.configId', 's.tenantId', 's.state', 's.requestedBy', 's.lastN', 's.receivedFrom', 's.receivedTo', 's.maxInvoices', 's.attempts', 's.summary', 's.error', 's.createdAt', 's.startedAt', 's.finishedAt'])
      .addSelect(`to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_ts')
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.shadow_run_id', 'DESC')
      .limit(filter.take);
    if (filter.configId) query.andWhere('s.config_id = :configId', { configId: filter.configId });
    if (filter.tenantId) query.andWhere('s.tenant_id = :tenantId', { tenantId: filter.tenantId });
    if (filter.before) query.andWhere('(s.created_at, s.shadow_run_id) < (:ts::timestamptz, :id::uuid)', { ts: filter.before.createdAt, id: filter.before.id });
    const { entities, raw } = await query.getRawAndEntities<{ cursor_ts: string }>();
    return entities.map((run, index) => ({ run, cursor: raw[index].cursor_ts }));
  }

  /**
   * Claims the oldest queued shadow run, or a running one whose lease ran out (its replica died),
   * with a new claim token: one statement, SKIP LOCKED, so replicas never claim the same run.
   */
  async claim(leaseMs: number): Promise<ClaimedShadowRun | null> {
    const rows = await this.db.statement<ClaimedShadowRun>(
      `UPDATE shadow_runs SET state = 'running', claim_token = gen_random_uuid(), lease_until = clock_timestamp() + $1 * interval '1 millisecond',
              attempts = attempts + 1, started_at = COALESCE(started_at, clock_timestamp())
        WHERE shadow_run_id = (
          SELECT shadow_run_id FROM shadow_runs
           WHERE state = 'queued' OR (state = 'running' AND lease_until < clock_timestamp())
           ORDER BY created_at
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [leaseMs],
    );
    return rows[0] ?? null;
  }

  /** Extends the lease while the holder works; false when the claim was lost (lease ran out or taken over). */
  async renew(shadowRunId: string, claimToken: string, leaseMs: number): Promise<boolean> {
    const rows = await this.db.statement(
      `UPDATE shadow_runs SET lease_until = clock_timestamp() + $3 * interval '1 millisecond'
        WHERE shadow_run_id = $1 AND claim_token = $2 AND state = 'running' AND lease_until > clock_timestamp()
        RETURNING shadow_run_id`,
      [shadowRunId, claimToken, leaseMs],
    );
    return rows.length === 1;
  }

  /** Records the outcome, fenced by the claim token and a live lease; false when a late writer. */
  async finish(
    shadowRunId: string,
    claimToken: string,
    outcome: { state: 'completed'; summary: ShadowSummary; report: ShadowInvoiceReport[] } | { state: 'failed'; error: string },
    tx?: EntityManager,
  ): Promise<boolean> {
    const rows = await this.db.statement(
      `UPDATE shadow_runs SET state = $3, summary = $4, report = $5, error = $6, claim_token = NULL, lease_until = NULL, finished_at = clock_timestamp()
        WHERE shadow_run_id = $1 AND claim_token = $2 AND state = 'running' AND lease_until > clock_timestamp()
        RETURNING shadow_run_id`,
      [
        shadowRunId,
        claimToken,
        outcome.state,
        outcome.state === 'completed' ? JSON.stringify(outcome.summary) : null,
        outcome.state === 'completed' ? JSON.stringify(outcome.report) : null,
        outcome.state === 'failed' ? outcome.error : null,
      ],
      tx,
    );
    return rows.length === 1;
  }
}
