import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { TenantDatabase } from '../../framework/database';
import type { InvoiceMediaType } from '../../domain/media-type';
import type { FinalRunStatus, RunTrigger } from './entities/invoice-run.entity';

export interface ClaimRow {
  run_id: string;
  invoice_id: string;
  tenant_id: string;
  attempts: number;
  document: Buffer;
  content_type: InvoiceMediaType;
  correlation_id: string | null;
}

/** A stage result as finish() writes it (snake_case: it travels as JSON into jsonb_to_recordset). */
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
  invoice: { invoiceNumber: string | null; issueDate: string | null; supplierKey: string | null; supplierName: string | null };
}

/**
 * The invoice_runs and invoice_stage_results tables (tenant-owned: every statement runs as the
 * run's tenant through TenantDatabase), and the run queue's cross-tenant SECURITY DEFINER functions
 * (claim_invoice_run, renew_invoice_run_leases, through PlatformDatabase). A run's end writes the
 * invoice's status in the same statement, so recording a result stays one round trip.
 */
@Injectable()
export class RunRepository {
  constructor(
    private readonly tenants: TenantDatabase,
    private readonly platform: PlatformDatabase,
  ) {}

  /** Adds a run inside the caller's tenant transaction; with a claim token it starts claimed (running) for `leaseMs`. */
  async insert(tx: EntityManager, run: { tenantId: string; invoiceId: string; trigger: RunTrigger; claimToken: string | null; leaseMs: number; correlationId: string | null }): Promise<string> {
    const rows = await tx.query<Array<{ run_id: string }>>(
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status, claim_token, lease_until, attempts, started_at, correlation_id)
       VALUES ($1, $2, (SELECT coalesce(max(run_number), 0) + 1 FROM invoice_runs WHERE invoice_id = $2), $3,
               CASE WHEN $4::uuid IS NULL THEN 'queued' ELSE 'running' END, $4::uuid,
               CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() + $5 * interval '1 millisecond' END,
               CASE WHEN $4::uuid IS NULL THEN 0 ELSE 1 END,
               CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() END, $6)
       RETURNING run_id`,
      [run.tenantId, run.invoiceId, run.trigger, run.claimToken, run.leaseMs, run.correlationId],
    );
    return rows[0].run_id;
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
   * The run, its stage results and the invoice in one statement (one round trip, atomic), only
   * while the claim is ours and its lease has not run out. The finish time, or null when the claim was lost.
   */
  async finish(run: RunFinish): Promise<Date | null> {
    const rows = await this.tenants.statement<{ n: number; finished_at: Date }>(
      run.tenantId,
      `WITH run AS (
         UPDATE invoice_runs
            SET status = $3, finished_at = now(), failure_reason = $4, review_required = $5,
                config_id = $6, config_version = $7, claim_token = NULL, lease_until = NULL
          WHERE run_id = $1 AND claim_token = $2 AND status = 'running' AND lease_until > now()
         RETURNING run_id, tenant_id, invoice_id),
       results AS (
         INSERT INTO invoice_stage_results (tenant_id, run_id, stage_id, position, module_id, outcome, fallback_used, fallback_reason,
                                            attempts, duration_ms, warnings, errors, degraded, output)
         SELECT run.tenant_id, run.run_id, r.stage_id, r.position, r.module_id, r.outcome, r.fallback_used, r.fallback_reason,
                r.attempts, r.duration_ms, r.warnings, r.errors, r.degraded, r.output
           FROM run, jsonb_to_recordset($8::jsonb) AS r(stage_id text, position integer, module_id text, outcome text, fallback_used boolean,
                fallback_reason text, attempts integer, duration_ms double precision, warnings jsonb, errors jsonb, degraded boolean, output jsonb)),
       invoice AS (
         UPDATE invoices i
            SET status = $3, invoice_number = $9, issue_date = $10::date, supplier_key = $11, supplier_name = $12,
                config_version = $7, review_required = $5, updated_at = now()
           FROM run WHERE i.id = run.invoice_id)
       SELECT count(*)::int AS n, now() AS finished_at FROM run`,
      [run.runId, run.claimToken, run.status, run.failureReason, run.reviewRequired, run.configId, run.configVersion,
        JSON.stringify(run.results), run.invoice.invoiceNumber, run.invoice.issueDate, run.invoice.supplierKey, run.invoice.supplierName],
    );
    return rows[0]?.n === 1 ? rows[0].finished_at : null;
  }

  /** Fails the run and its invoice, only while the claim is ours; false when the claim was lost. */
  abandon(run: { runId: string; invoiceId: string; tenantId: string; claimToken: string }, reason: string): Promise<boolean> {
    return this.tenants.transaction(run.tenantId, async (tx) => {
      const updated = rowsOf(await tx.query(
        `UPDATE invoice_runs SET status = 'failed', finished_at = now(), failure_reason = $3, claim_token = NULL, lease_until = NULL
          WHERE run_id = $1 AND claim_token = $2 AND status = 'running' AND lease_until > now() RETURNING run_id`,
        [run.runId, run.claimToken, reason],
      ));
      if (updated.length === 0) return false;
      await tx.query(`UPDATE invoices SET status = 'failed', updated_at = now() WHERE id = $1`, [run.invoiceId]);
      return true;
    });
  }

  /** The stored document of the run's invoice (when the claim did not carry it). */
  async document(tenantId: string, invoiceId: string): Promise<Buffer> {
    const rows = await this.tenants.statement<{ document: Buffer }>(tenantId, `SELECT document FROM invoices WHERE tenant_id = $1 AND id = $2`, [tenantId, invoiceId]);
    return rows[0].document;
  }
}

/** TypeORM answers UPDATE … RETURNING with [rows, affected]; SELECT and INSERT with the rows. */
function rowsOf(result: unknown): unknown[] {
  const value = result as unknown[];
  return Array.isArray(value) && value.length === 2 && Array.isArray(value[0]) && typeof value[1] === 'number' ? value[0] : value;
}
