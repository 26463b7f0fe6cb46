import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type SqlFragment, TenantDatabase } from '../../framework/database';
import { storedProjection } from '../contracts/registry';
import type { InvoiceMediaType } from '../../domain/media-type';
import type { InvoiceRunEntity, RunTrigger } from './entities/invoice-run.entity';
import type { StageOutcome, StageResultEntity } from './entities/stage-result.entity';
import type { RunResult } from './run-result';
import { RunSubjects } from './run-subject';
import { RunRepository, UNCONFIRMED } from './run.repository';
import type { Resumption } from './stage-loop';

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
  /** An approval run: the run that stopped for approval, whose results it carries on from. */
  resumesRunId?: string;
}


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
    private readonly runs: RunRepository,
    private readonly db: TenantDatabase,
    private readonly subjects: RunSubjects,
  ) {}

  /** Adds a run for an invoice inside the caller's tenant transaction; `claimLeaseMs` claims it at once for inline processing. */
  async enqueue(
    manager: EntityManager,
    run: { tenantId: string; invoiceId: string; trigger: RunTrigger; claimLeaseMs?: number; correlationId?: string; resumesRunId?: string; requestedBy?: string },
  ): Promise<{ runId: string; claimToken: string | null }> {
    const claimToken = run.claimLeaseMs ? randomUUID() : null;
    const runId = await this.runs.insert(manager, {
      tenantId: run.tenantId,
      invoiceId: run.invoiceId,
      trigger: run.trigger,
      claimToken,
      leaseMs: run.claimLeaseMs ?? 0,
      correlationId: run.correlationId ?? null,
      resumesRunId: run.resumesRunId,
      requestedBy: run.requestedBy ?? null,
    });
    return { runId, claimToken };
  }

  /**
   * A submission's first run as a step of the statement that inserts the invoice (one round trip;
   * the invoices repository places it after its CTE `invoice` and reads `run_id` from it). With
   * `claimLeaseMs` the run starts claimed by the caller (the token comes back) for inline processing.
   */
  firstRun(run: { claimLeaseMs?: number; correlationId?: string; requestedBy?: string }): { step: SqlFragment; claimToken: string | null } {
    const claimToken = run.claimLeaseMs ? randomUUID() : null;
    return { step: this.runs.firstRunStep({ claimToken, leaseMs: run.claimLeaseMs ?? 0, correlationId: run.correlationId ?? null, requestedBy: run.requestedBy ?? null }), claimToken };
  }

  /** An invoice's runs, oldest first, and the stage results of the latest finished one (in the caller's tenant transaction). */
  async history(tx: EntityManager, tenantId: string, invoiceId: string): Promise<{ runs: InvoiceRunEntity[]; results: StageResultEntity[] }> {
    const runs = await this.runs.runsOf(tx, tenantId, invoiceId);
    const latest = [...runs].reverse().find((r) => r.finishedAt !== null);
    return { runs, results: latest ? await this.runs.resultsOf(tx, tenantId, latest.runId) : [] };
  }

  /** The invoice's latest run (id and status), in the caller's tenant transaction. */
  latestRun(tx: EntityManager, tenantId: string, invoiceId: string): Promise<{ runId: string; status: string } | null> {
    return this.runs.latestRunOf(tx, tenantId, invoiceId);
  }

  /** Of these invoices, those whose latest paused run awaits approval: that run and the approval stage's reasons. */
  pausedRuns(tx: EntityManager, tenantId: string, invoiceIds: string[]): Promise<Map<string, { runId: string; reasons: unknown }>> {
    return this.runs.pausedRunsOf(tx, tenantId, invoiceIds);
  }

  /** The invoice's queued or running run, if any. */
  openRun(tenantId: string, invoiceId: string): Promise<string | null> {
    return this.runs.openRunOf(tenantId, invoiceId);
  }

  /** Claims the oldest queued run of any tenant, or a running one whose lease expired (its worker died). */
  async claim(leaseMs: number): Promise<ClaimedRun | null> {
    const claimToken = randomUUID();
    const row = await this.runs.claim(claimToken, leaseMs);
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
      ...(row.resumes_run_id ? { resumesRunId: row.resumes_run_id } : {}),
    };
  }

  /**
   * What an approval run carries on from: the stage results of the run it resumes, which must have
   * stopped for approval (null otherwise: nothing to resume).
   */
  async resumption(run: ClaimedRun): Promise<Resumption | null> {
    if (!run.resumesRunId) return null;
    const paused = await this.runs.pausedRun(run.tenantId, run.resumesRunId);
    if (!paused || paused.status !== 'awaiting_approval' || paused.results.length === 0) return null;
    return {
      reviewRequired: paused.reviewRequired,
      records: paused.results.map((r) => ({
        stageId: r.stage_id,
        position: r.position,
        moduleId: r.module_id,
        outcome: r.outcome as StageOutcome,
        fallbackUsed: r.fallback_used,
        fallbackReason: r.fallback_reason,
        attempts: r.attempts,
        durationMs: r.duration_ms,
        warnings: r.warnings,
        errors: r.errors,
        degraded: r.degraded,
        rejection: null,
        markForReview: false,
        output: r.output,
      })),
    };
  }

  /**
   * Renews, in one statement, the leases of runs this process holds (any tenant: the
   * renew_invoice_run_leases function, SECURITY DEFINER). Only runs still claimed with the given
   * token and whose lease has not run out are renewed; their ids come back.
   */
  async renewLeases(runs: Array<{ runId: string; claimToken: string }>, leaseMs: number): Promise<string[]> {
    return this.runs.renewLeases(runs, leaseMs);
  }

  /**
   * Records the result, the stage results and the invoice's new status in one statement (so one
   * round trip, and atomic), only if the claim is still ours and its lease has not run out (a
   * holder cut off longer than its lease lost the run even if nobody took it over yet). Returns
   * the finish time (the run's finished_at), or null when the claim was lost; UNCONFIRMED
   * (nothing recorded) when a step confirming a stage's provisional answer returned no row.
   */
  async finish(run: ClaimedRun, result: RunResult): Promise<Date | null | typeof UNCONFIRMED> {
    // The invoice columns come from the stage contracts' projections (today: parse fills them all).
    const projection = storedProjection(result.state);
    const subjectStep = this.subjects.store.finishStep({
      status: result.status,
      reviewRequired: result.reviewRequired,
      configVersion: result.configVersion,
      projection,
    });
    return await this.runs.finish({
      runId: run.runId,
      tenantId: run.tenantId,
      claimToken: run.claimToken,
      status: result.status,
      failureReason: result.failureReason,
      reviewRequired: result.reviewRequired,
      configId: result.configId,
      configVersion: result.configVersion,
      results: result.records.map((r) => ({
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
      })),
    }, subjectStep, result.finishSteps, result.confirmations?.map((c) => c.step));
  }

  /** Gives up on a run that keeps crashing its worker. */
  async abandon(run: ClaimedRun, reason: string): Promise<boolean> {
    return this.db.transaction(run.tenantId, async (tx) => {
      if (!(await this.runs.fail(tx, run, reason))) return false;
      await this.subjects.store.markFailed(tx, run.tenantId, run.invoiceId);
      return true;
    });
  }

  /** The run's document, read from its invoice when the claim did not carry it. */
  async document(run: ClaimedRun): Promise<Buffer> {
    return run.document ?? this.subjects.store.document(run.tenantId, run.invoiceId);
  }
}
