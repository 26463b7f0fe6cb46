import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isIsoDate } from '../../einvoice';
import { TenantDatabase } from '../../framework/database';
import { invoiceProjection } from '../contracts/registry';
import type { InvoiceMediaType } from '../../domain/media-type';
import type { RunTrigger } from './entities/invoice-run.entity';
import type { RunResult } from './run-result';

/** A run a worker holds: the claim token fences its writes, the lease (renewed by RunLeases) bounds how long it may hold it. */
export interface ClaimedRun {
  runId: string;
  invoiceId: string;
  tenantId: string;
  claimToken: string;
  attempts: number;
  document?: Buffer;
  contentType: InvoiceMediaType;
  /** Of the request that queued the run: the stages log under it. */
  correlationId?: string;
}

interface ClaimRow {
  run_id: string;
  invoice_id: string;
  tenant_id: string;
  attempts: number;
  document: Buffer;
  content_type: InvoiceMediaType;
  correlation_id: string | null;
}

/** TypeORM answers UPDATE … RETURNING with [rows, affected]; SELECT and INSERT with the rows. */
function returned<T>(result: unknown): T[] {
  const value = result as unknown[];
  return (Array.isArray(value) && value.length === 2 && Array.isArray(value[0]) && typeof value[1] === 'number' ? value[0] : value) as T[];
}

/** A real calendar day or null: Date.parse accepts 2019-02-30, a ::date cast does not. */
const validDate = (value: string | null | undefined): string | null => (value && isIsoDate(value) ? value : null);

/**
 * The durable run queue in PostgreSQL. Runs are claimed with FOR UPDATE SKIP LOCKED in one short
 * statement that marks them running under a fresh claim token and lease; processing happens
 * outside any transaction; the result is written only while the claim is still ours, so a run
 * taken over after a lease expired completes exactly once. The claim looks across tenants (the
 * claim_invoice_run function, SECURITY DEFINER); everything after it runs as the run's tenant.
 */
@Injectable()
export class RunQueue {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: TenantDatabase,
  ) {}

  /** Adds a run for an invoice inside the caller's transaction; `claimLeaseMs` claims it at once for inline processing. */
  async enqueue(
    manager: EntityManager,
    run: { tenantId: string; invoiceId: string; trigger: RunTrigger; claimLeaseMs?: number; correlationId?: string },
  ): Promise<{ runId: string; claimToken: string | null }> {
    const claimToken = run.claimLeaseMs ? randomUUID() : null;
    const rows = await manager.query<Array<{ run_id: string }>>(
      `INSERT INTO invoice_runs (tenant_id, invoice_id, run_number, trigger, status, claim_token, lease_until, attempts, started_at, correlation_id)
       VALUES ($1, $2, (SELECT coalesce(max(run_number), 0) + 1 FROM invoice_runs WHERE invoice_id = $2), $3,
               CASE WHEN $4::uuid IS NULL THEN 'queued' ELSE 'running' END, $4::uuid,
               CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() + $5 * interval '1 millisecond' END,
               CASE WHEN $4::uuid IS NULL THEN 0 ELSE 1 END,
               CASE WHEN $4::uuid IS NULL THEN NULL ELSE now() END, $6)
       RETURNING run_id`,
      [run.tenantId, run.invoiceId, run.trigger, claimToken, run.claimLeaseMs ?? 0, run.correlationId ?? null],
    );
    return { runId: rows[0].run_id, claimToken };
  }

  /** Claims the oldest queued run of any tenant, or a running one whose lease expired (its worker died). */
  async claim(leaseMs: number): Promise<ClaimedRun | null> {
    const claimToken = randomUUID();
    const [row] = await this.dataSource.query<ClaimRow[]>(`SELECT * FROM claim_invoice_run($1, $2)`, [claimToken, leaseMs]);
    if (!row) return null;
    return {
      runId: row.run_id,
      invoiceId: row.invoice_id,
      tenantId: row.tenant_id,
      claimToken,
      attempts: row.attempts,
      document: row.document,
      contentType: row.content_type,
      ...(row.correlation_id ? { correlationId: row.correlation_id } : {}),
    };
  }

  /**
   * Renews, in one statement, the leases of runs this process holds (any tenant: the
   * renew_invoice_run_leases function, SECURITY DEFINER). Only runs still claimed with the given
   * token and whose lease has not run out are renewed; their ids come back.
   */
  async renewLeases(runs: Array<{ runId: string; claimToken: string }>, leaseMs: number): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ run_id: string }>>(`SELECT run_id FROM renew_invoice_run_leases($1::uuid[], $2::uuid[], $3)`, [
      runs.map((r) => r.runId),
      runs.map((r) => r.claimToken),
      leaseMs,
    ]);
    return rows.map((r) => r.run_id);
  }

  /**
   * Records the result, the stage results and the invoice's new status in one statement (so one
   * round trip, and atomic), only if the claim is still ours and its lease has not run out (a
   * holder cut off longer than its lease lost the run even if nobody took it over yet). Returns
   * the finish time (the run's finished_at), or null when the claim was lost.
   */
  async finish(run: ClaimedRun, result: RunResult): Promise<Date | null> {
    // The invoice columns come from the stage contracts' projections (today: parse fills all four).
    const invoice = invoiceProjection(result.state);
    const records = result.records.map((r) => ({
      stage_id: r.stageId,
      position: r.position,
      module_id: r.moduleId,
      outcome: r.outcome,
      fallback_used: r.fallbackUsed,
      fallback_reason: r.fallbackReason,
      attempts: r.attempts,
      duration_ms: r.durationMs,
      warnings: r.warnings,
      errors: r.errors,
      degraded: r.degraded,
      output: r.output ?? null,
    }));
    const rows = await this.db.statement<{ n: number; finished_at: Date }>(
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
      [run.runId, run.claimToken, result.status, result.failureReason, result.reviewRequired, result.configId, result.configVersion,
        JSON.stringify(records), invoice.invoice_number, validDate(invoice.issue_date), invoice.supplier_key, invoice.supplier_name],
    );
    return rows[0]?.n === 1 ? rows[0].finished_at : null;
  }

  /** Gives up on a run that keeps crashing its worker. */
  async abandon(run: ClaimedRun, reason: string): Promise<boolean> {
    return this.db.transaction(run.tenantId, async (manager) => {
      const updated = returned(await manager.query(
        `UPDATE invoice_runs SET status = 'failed', finished_at = now(), failure_reason = $3, claim_token = NULL, lease_until = NULL
          WHERE run_id = $1 AND claim_token = $2 AND status = 'running' AND lease_until > now() RETURNING run_id`,
        [run.runId, run.claimToken, reason],
      ));
      if (updated.length === 0) return false;
      await manager.query(`UPDATE invoices SET status = 'failed', updated_at = now() WHERE id = $1`, [run.invoiceId]);
      return true;
    });
  }
}
