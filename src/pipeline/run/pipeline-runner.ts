import { Injectable, Logger } from '@nestjs/common';
import { isDatabaseDataException } from '../../framework/errors';
import { EventBus, TOPICS } from '../../framework/events';
import { type RunTicket, RunTracker } from '../activation/run-tracker';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { RunState } from '../contracts/registry';
import { PipelineMetrics } from './pipeline-metrics';
import { PolicyCache } from './policy-cache';
import type { ClaimedRun } from './run-queue';
import { RunQueue } from './run-queue';
import type { RecordedRun, RunResult } from './run-result';
import { RunWaiters } from './run-waiters';
import { type Resumption, runStages } from './stage-loop';
import { type StageSpec, StageInvoker } from './stage-invoker';

/** finish() refused the result's values: the run was failed instead. */
const REFUSED = Symbol('result-refused');

/** Runs a crashing worker gets before the run is given up as failed. */
const MAX_ATTEMPTS = 5;

/**
 * Runs a claimed invoice run through the stages of the configuration version it started with
 * (RunTracker ticket, held until the result is recorded), then records everything in one fenced
 * transaction. A failing module never escapes: a required stage that fails ends the run as failed with the earlier results kept, a
 * failing optional stage leaves completed_with_warnings, a duplicate stops the run as duplicate.
 */
@Injectable()
export class PipelineRunner {
  private readonly logger = new Logger('Pipeline');
  private stages: StageSpec[] | null = null;

  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly tracker: RunTracker,
    private readonly policies: PolicyCache,
    private readonly invoker: StageInvoker,
    private readonly queue: RunQueue,
    private readonly waiters: RunWaiters,
    private readonly metrics: PipelineMetrics,
    private readonly events: EventBus,
  ) {}

  /** Processes the run; resolves to the result when it was recorded, null when the claim was lost. */
  async process(run: ClaimedRun, leaseLost?: AbortSignal): Promise<RecordedRun | null> {
    let ticket: RunTicket | undefined;
    try {
      if (run.attempts > MAX_ATTEMPTS) {
        const reason = `given up after ${run.attempts - 1} interrupted attempts`;
        if (await this.queue.abandon(run, reason)) this.announce(run, 'failed');
        return null;
      }
      // An approval run carries on from the run that stopped for approval; without it there is nothing to resume.
      const resumption = run.resumesRunId ? await this.queue.resumption(run) : undefined;
      if (resumption === null) {
        if (await this.queue.abandon(run, `run ${run.resumesRunId} is not waiting for approval: nothing to resume`)) this.announce(run, 'failed');
        return null;
      }
      this.publishStatus(run, 'processing');
      // Held until the result is recorded: a switch waits for it (the database would refuse a result on a replaced version).
      ticket = await this.tracker.begin();
      const result = await this.execute(run, ticket, leaseLost, resumption);
      if (!result) {
        this.logger.warn({ runId: run.runId }, 'the run lost its lease; stopped before its next stage (another worker takes it up)');
        return null;
      }
      const finishedAt: Date | null | typeof REFUSED = await this.queue.finish(run, result).catch(async (error: unknown): Promise<typeof REFUSED> => {
        // A value PostgreSQL refuses (a NUL in an extracted field, an impossible date) comes from the
        // document: the same result would be refused on every attempt, so it is a verdict, not a retry.
        if (!isDatabaseDataException(error)) throw error;
        this.logger.warn({ runId: run.runId, err: error }, 'the run result holds a value the database refuses; the run is failed');
        if (await this.queue.abandon(run, 'the document holds a value that cannot be stored (such as a NUL character or an impossible date)')) {
          this.announce(run, 'failed');
        }
        return REFUSED;
      });
      if (finishedAt === REFUSED) return null;
      if (!finishedAt) {
        this.logger.warn({ runId: run.runId }, 'run finished after its claim was taken over; result discarded');
        return null;
      }
      this.announce(run, result.status);
      return { ...result, finishedAt };
    } finally {
      ticket?.end();
      this.waiters.notify(run.runId);
    }
  }

  /** The run's result, or null when its lease was lost (it stops between stages: no side effects for a run someone else now holds). */
  private async execute(run: ClaimedRun, ticket: RunTicket, leaseLost: AbortSignal | undefined, resumption: Resumption | undefined): Promise<RunResult | null> {
    await this.policies.refresh();
    const stages = await this.stageList();
    const document = await this.queue.document(run);
    const state: RunState = { tenantId: run.tenantId, invoiceId: run.invoiceId, runId: run.runId, document, contentType: run.contentType };
    const binding = { tenantId: run.tenantId, configId: ticket.configId, configVersion: ticket.configVersion, correlationId: run.correlationId };
    const outcome = await runStages(stages, ticket.selections, state, (stage, selection, input) => this.invoker.invoke(stage, selection, input, binding), () => leaseLost?.aborted ?? false, resumption);
    if (!outcome) return null;
    return { ...outcome, configId: ticket.configId, configVersion: ticket.configVersion, state };
  }

  /** A final status: published (invoices_total counts the published statuses). */
  private announce(run: ClaimedRun, status: string): void {
    this.publishStatus(run, status);
  }

  /** Every status an invoice passes through reaches subscribers (received is published on submit). */
  private publishStatus(run: ClaimedRun, status: string): void {
    this.events.publish(TOPICS.invoiceStatusChanged, { invoice_id: run.invoiceId, run_id: run.runId, tenant_id: run.tenantId, status });
  }

  private async stageList(): Promise<StageSpec[]> {
    if (!this.stages) {
      const rows = await this.catalogue.stages();
      this.stages = rows.map((s) => ({ stageId: s.stageId, position: s.order, required: s.isRequired, contract: s.capabilityContractId.split('@')[0] }));
    }
    return this.stages;
  }
}
