import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { fragment, type SqlFragment, TenantDatabase, withSteps } from '../../framework/database';
import { withDatabaseErrors } from '../../framework/errors';
import type { InvoiceMediaType } from '../../domain/media-type';
import { type FinalRunStatus, InvoiceRunEntity, type RunTrigger } from './entities/invoice-run.entity';
import type { StageOutcome, StageResultEntity } from './entities/stage-result.entity';

export interface ClaimRow {
  run_id: string;
  invoice_id: string;
  tenant_id: string;
  attempts: number;
  document: Buffer;
  content_type: InvoiceMediaType;
  correlation_id: string | null;
  resumes_run_id: string | null;
}

/** The run an approval run resumes: its status, whether it asked for review, its stage results in order. */
export interface PausedRun {
  status: string;
  reviewRequired: boolean;
  results: StageResultRow[];
}

/** A stage result as finish() writes it: an element of the run's `stage_results` jsonb array (snake_case, as stored). */
export interface StageResultRow {
  stage_id: string;
  position: number;
  module_id: string | null;
  outcome: string;
  fallback_used: boolean;
  fallback_reason: string | null;
  attempts: number;
  duration_ms: number;
  warnings: string[];
  errors: string[];
  degraded: boolean;
  output: unknown;
}

/** finish(): the result was not recorded because a step confirming a provisional answer returned no row. */
export const UNCONFIRMED = 'unconfirmed';

/** Texts of the run's update by how many confirming steps it waits for (`… AND EXISTS (SELECT FROM confirm_n)`). */
const runUpdates: string[] = [];
/** The final SELECT by the same count: also whether every confirming step returned a row. */
const finishSelects: string[] = [];

/** Everything a finished run writes: the run, its stage results, the invoice's projection. */
export interface RunFinish {
  runId: string;
  tenantId: string;
  claimToken: string;
  status: FinalRunStatus;
  failureReason: string | null;
  reviewRequired: boolean;
  configId: string;
  configVersion: number;
  results: StageResultRow[];
}

/**
 * The invoice_runs table with each run's stage results (tenant-owned: every statement runs as the
 * run's tenant through TenantDatabase), and the run queue's cross-tenant SECURITY DEFINER functions
 * (claim_invoice_run, renew_invoice_run_leases, through PlatformDatabase). A run's end writes the
 * invoice's status in the same statement, so recording a result stays one round trip: the
 * invoices folder hands that step over as a fragment (RunSubjectStore), and a submission's first
 * run is a fragment this repository hands to the invoice's insert.
 */
@Injectable()
export class RunRepository {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly platform: PlatformDatabase,
  ) {}

  /**
   * Adds a run inside the caller's tenant transaction; with a claim token it starts claimed
   * (running) for `leaseMs`. An approval run names the run it resumes.
   */
  async insert(
    tx: EntityManager,
    run: {
      tenantId: string;
      invoiceId: string;
      trigger: RunTrigger;
      claimToken: string | null;
      leaseMs: number;
      correlationId: string | null;
      resumesRunId?: string;
      requestedBy: string | null;
    },
  ): Promise<string> {
    const rows = await withDatabaseErrors({
      invoice_runs_one_open_per_invoice: { message: `Invoice ${run.invoiceId} is being processed; reprocess it once the current run has finished.`, as: 'conflict' },
    }, () => tx.query<Array<{ run_id: string }>>(
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status, claim_token, lease_until, attempts, started_at, correlation_id, resumes_run_id, requested_by)
       VALUES ($1, $2, (SELECT coalesce(max(run_number), 0) + 1 FROM invoice_runs WHERE invoice_id = $2), $3,
               CASE WHEN $4::uuid IS NULL THEN 'queued' ELSE 'running' END, $4::uuid,
               CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() + $5 * interval '1 millisecond' END,
               CASE WHEN $4::uuid IS NULL THEN 0 ELSE 1 END,
               CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() END, $6, $7::uuid, $8)
       RETURNING run_id`,
      [run.tenantId, run.invoiceId, run.trigger, run.claimToken, run.leaseMs, run.correlationId, run.resumesRunId ?? null, run.requestedBy],
    ));
    return rows[0].run_id;
  }

  /** The run an approval run resumes, with its stage results in stage order; null when it does not exist. */
  async pausedRun(tenantId: string, runId: string): Promise<PausedRun | null> {
    const rows = await this.tenants.statement<{ status: string; review_required: boolean; results: StageResultRow[] | null }>(
      tenantId,
      `SELECT status, review_required, stage_results AS results FROM invoice_runs WHERE tenant_id = $1 AND run_id = $2`,
      [tenantId, runId],
    );
    const row = rows[0];
    return row ? { status: row.status, reviewRequired: row.review_required, results: row.results ?? [] } : null;
  }

  /**
   * A submission's first run, as a step of the statement that inserts its invoice (one round trip):
   * a CTE body reading the CTE `invoice` (id, tenant_id) and returning `run_id`. With a claim
   * token the run starts claimed (running) for `leaseMs`, for inline processing.
   */
  firstRunStep(run: { claimToken: string | null; leaseMs: number; correlationId: string | null; requestedBy: string | null }): SqlFragment {
    return fragment(
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status, claim_token, lease_until, attempts, started_at, correlation_id, requested_by)
       SELECT tenant_id, id, 1, 'submit', CASE WHEN $1::uuid IS NULL THEN 'queued' ELSE 'running' END, $1::uuid,
              CASE WHEN $1::uuid IS NULL THEN NULL ELSE now() + $2 * interval '1 millisecond' END,
              CASE WHEN $1::uuid IS NULL THEN 0 ELSE 1 END,
              CASE WHEN $1::uuid IS NULL THEN NULL ELSE now() END, $3, $4
         FROM invoice
       RETURNING run_id`,
      [run.claimToken, run.leaseMs, run.correlationId, run.requestedBy],
    );
  }

  /** An invoice's runs, oldest first, in the caller's tenant transaction. */
  runsOf(tx: EntityManager, tenantId: string, invoiceId: string): Promise<InvoiceRunEntity[]> {
    return tx.getRepository(InvoiceRunEntity).find({ where: { tenantId, invoiceId }, order: { runNumber: 'ASC' } });
  }

  /** A run's stage results in stage order, in the caller's tenant transaction. */
  async resultsOf(tx: EntityManager, tenantId: string, runId: string): Promise<StageResultEntity[]> {
    const rows = await tx.query<Array<{ results: StageResultRow[] | null }>>(
      `SELECT stage_results AS results FROM invoice_runs WHERE tenant_id = $1 AND run_id = $2`,
      [tenantId, runId],
    );
    return (rows[0]?.results ?? []).map((r) => ({
      runId,
      stageId: r.stage_id,
      position: r.position,
      moduleId: r.module_id,
      outcome: r.outcome as StageOutcome,
      fallbackUsed: r.fallback_used,
      fallbackReason: r.fallback_reason,
      attempts: r.attempts,
      durationMs: r.duration_ms,
      degraded: r.degraded,
      warnings: r.warnings,
      errors: r.errors,
      output: r.output ?? null,
    }));
  }

  /** The invoice's latest run (its id and status), in the caller's tenant transaction; null when it has none. */
  async latestRunOf(tx: EntityManager, tenantId: string, invoiceId: string): Promise<{ runId: string; status: string } | null> {
    const rows = await tx.query<Array<{ run_id: string; status: string }>>(
      `SELECT run_id, status FROM invoice_runs WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY run_number DESC LIMIT 1`,
      [tenantId, invoiceId],
    );
    return rows[0] ? { runId: rows[0].run_id, status: rows[0].status } : null;
  }

  /** For each of the invoices that awaits approval: its paused run and the approval stage's reasons (in the caller's tenant transaction). */
  async pausedRunsOf(tx: EntityManager, tenantId: string, invoiceIds: string[]): Promise<Map<string, { runId: string; reasons: unknown }>> {
    if (invoiceIds.length === 0) return new Map();
    const rows = await tx.query<Array<{ invoice_id: string; run_id: string; reasons: unknown }>>(
      `SELECT DISTINCT ON (r.invoice_id) r.invoice_id, r.run_id,
              (SELECT s -> 'output' -> 'reasons' FROM jsonb_array_elements(r.stage_results) s WHERE s ->> 'stage_id' = 'approval' LIMIT 1) AS reasons
         FROM invoice_runs r
        WHERE r.tenant_id = $1 AND r.invoice_id = ANY($2::uuid[]) AND r.status = 'awaiting_approval'
        ORDER BY r.invoice_id, r.run_number DESC`,
      [tenantId, invoiceIds],
    );
    return new Map(rows.map((r) => [r.invoice_id, { runId: r.run_id, reasons: r.reasons }]));
  }

  /** The invoice's queued or running run, if any. */
  async openRunOf(tenantId: string, invoiceId: string): Promise<string | null> {
    const rows = await this.tenants.statement<{ run_id: string }>(
      tenantId,
      `SELECT run_id FROM invoice_runs WHERE tenant_id = $1 AND invoice_id = $2 AND status IN ('queued', 'running')`,
      [tenantId, invoiceId],
    );
    return rows[0]?.run_id ?? null;
  }

  /** Claims the oldest queued run of any tenant, or a running one whose lease expired, under `claimToken`. */
  async claim(claimToken: string, leaseMs: number): Promise<ClaimRow | null> {
    const [row] = await this.platform.statement<ClaimRow>(`SELECT * FROM claim_invoice_run($1, $2)`, [claimToken, leaseMs]);
    return row ?? null;
  }

  /** Renews the leases of runs still claimed with their token and not yet run out (any tenant); returns their ids. */
  async renewLeases(runs: Array<{ runId: string; claimToken: string }>, leaseMs: number): Promise<string[]> {
    const rows = await this.platform.statement<{ run_id: string }>(`SELECT run_id FROM renew_invoice_run_leases($1::uuid[], $2::uuid[], $3)`, [
      runs.map((r) => r.runId),
      runs.map((r) => r.claimToken),
      leaseMs,
    ]);
    return rows.map((r) => r.run_id);
  }

  /**
   * The run with its stage results, and the invoice, in one statement (one round trip, atomic), only
   * while the claim is ours and its lease has not run out. The finish time, or null when the claim was lost.
   * `stageSteps`: writes the stages handed to the finish (they read the CTE `run`, so they apply only with the result).
   * `confirmations`: steps confirming stages' provisional answers (StageCallContext.finish.confirm),
   * placed before the run's update, which then applies only when each returned a row; when one
   * did not, nothing of the run is written (its record, its other steps read `run`) and the answer
   * is UNCONFIRMED, whether the claim still held or not: a value, not an error, so a group commit
   * of other runs' statements goes on unharmed.
   */
  async finish(run: RunFinish, subjectStep: SqlFragment, stageSteps: readonly SqlFragment[] = [], confirmations: readonly SqlFragment[] = []): Promise<Date | null | typeof UNCONFIRMED> {
    const statement = withSteps(
      [
        ...confirmations.map((step, i) => [`confirm_${i + 1}`, step] as const),
        ['run', fragment(
          runUpdate(confirmations.length),
          [run.runId, run.claimToken, run.status, run.failureReason, run.reviewRequired, run.configId, run.configVersion,
            JSON.stringify(inStageOrder(run.results))],
        )],
        ['subject', subjectStep],
        ...stageSteps.map((step, i) => [`stage_step_${i + 1}`, step] as const),
      ],
      fragment(finishSelect(confirmations.length)),
    );
    // lockOrder: a group commit takes the run rows in the order renew_invoice_run_leases does (run id).
    const rows = await this.tenants.statement<{ n: number; finished_at: Date; confirmed?: boolean }>(run.tenantId, statement.sql, statement.parameters, { prepared: true, lockOrder: run.runId });
    if (rows[0]?.confirmed === false) return UNCONFIRMED;
    return rows[0]?.n === 1 ? rows[0].finished_at : null;
  }

  /** Fails the run in the caller's tenant transaction, only while the claim is ours; false when the claim was lost. */
  async fail(tx: EntityManager, run: { runId: string; claimToken: string }, reason: string): Promise<boolean> {
    const updated = rowsOf(await tx.query(
      `UPDATE invoice_runs SET status = 'failed', finished_at = now(), failure_reason = $3, claim_token = NULL, lease_until = NULL
        WHERE run_id = $1 AND claim_token = $2 AND status = 'running' AND lease_until > now() RETURNING run_id`,
      [run.runId, run.claimToken, reason],
    ));
    return updated.length > 0;
  }
}

/** The run's update in the finish, waiting for `confirmations` confirming steps (one text per count, made once). */
function runUpdate(confirmations: number): string {
  return (runUpdates[confirmations] ??= `UPDATE invoice_runs
              SET status = $3, finished_at = now(), failure_reason = $4, review_required = $5,
                  config_id = $6, config_version = $7, claim_token = NULL, lease_until = NULL, stage_results = $8::jsonb
            WHERE run_id = $1 AND claim_token = $2 AND status = 'running' AND lease_until > now()${confirmedBy(confirmations, ' AND ')}
           RETURNING run_id, tenant_id, invoice_id`);
}

/** The finish's final SELECT: with confirming steps, also whether each returned a row. */
function finishSelect(confirmations: number): string {
  return (finishSelects[confirmations] ??= confirmations === 0
    ? `SELECT count(*)::int AS n, now() AS finished_at FROM run`
    : `SELECT count(*)::int AS n, now() AS finished_at, ${confirmedBy(confirmations, '')} AS confirmed FROM run`);
}

/** `EXISTS (SELECT FROM confirm_1) AND …` for that many confirming steps, after `lead` (nothing for none). */
function confirmedBy(confirmations: number, lead: string): string {
  if (confirmations === 0) return '';
  return lead + Array.from({ length: confirmations }, (_, i) => `EXISTS (SELECT FROM confirm_${i + 1})`).join(' AND ');
}

/** The results by position (the order they are stored and read in); as given when they are in order already. */
function inStageOrder(results: StageResultRow[]): StageResultRow[] {
  for (let i = 1; i < results.length; i++) if (results[i].position < results[i - 1].position) return [...results].sort((a, b) => a.position - b.position);
  return results;
}

/** TypeORM answers UPDATE … RETURNING with [rows, affected]; SELECT and INSERT with the rows. */
function rowsOf(result: unknown): unknown[] {
  const value = result as unknown[];
  return Array.isArray(value) && value.length === 2 && Array.isArray(value[0]) && typeof value[1] === 'number' ? value[0] : value;
}
