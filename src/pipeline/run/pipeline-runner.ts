import { Injectable, Logger } from '@nestjs/common';
import type { SqlFragment } from '../../framework/database';
import { isDatabaseDataException } from '../../framework/errors';
import { logLevelEnabled } from '../../framework/logging';
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
import { UNCONFIRMED } from './run.repository';
import { type Resumption, runStages, type StageCheckpoint } from './stage-loop';
import { type StageBinding, type StageSpec, StageInvoker } from './stage-invoker';
import type { ProvisionalPass } from './interceptors/stage-call';

/** finish() refused the result's values: the run was failed instead. */
const REFUSED = Symbol('result-refused');
/** finish() refused the values of a result that holds provisional answers: the direct pass decides. */
const REFUSED_PROVISIONAL = Symbol('provisional-result-refused');

/** Why a pass with provisional answers was discarded (the `reason` label of pipeline_provisional_discarded_total). */
export type DiscardReason = 'unconfirmed' | 'refused' | 'effect_ahead';

/** How one pass over the stages ended. */
type Pass =
  | { kind: 'recorded'; result: RunResult; finishedAt: Date }
  /** Its lease was lost between stages: stopped, nothing recorded. */
  | { kind: 'stopped' }
  /** Its claim was taken over before the finish: the result was discarded. */
  | { kind: 'taken_over' }
  /** The database refused a value of the result: the run was failed (abandon). */
  | { kind: 'refused' }
  /** Its provisional answers did not hold (nothing recorded): the run goes again from the first of them (`from`), answering directly. */
  | { kind: 'discarded'; stages: string[]; reason: DiscardReason; from: StageCheckpoint | undefined; at?: string };

/** A pass's stages as executed: the result (null: stopped), its provisional answers, the checkpoints before the stages that could give them. */
interface Executed {
  result: RunResult | null;
  pass: ProvisionalPass | undefined;
  checkpoints: ReadonlyMap<string, StageCheckpoint>;
}

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
      let pass = await this.pass(run, ticket, leaseLost, resumption, { provisional: true });
      if (pass.kind === 'discarded') {
        // Nothing of it was recorded or published: the run goes on again from before the first
        // stage that answered provisionally (the stages before it are not called again), every
        // answer now decided directly.
        for (const stage of pass.stages) this.metrics.provisionalDiscarded.inc({ stage, reason: pass.reason });
        if (logLevelEnabled('debug')) {
          this.logger.debug({ runId: run.runId, stages: pass.stages, reason: pass.reason, ...(pass.at ? { at: pass.at } : {}) }, 'provisional answers did not hold; the run goes again from the first of them, answering directly');
        }
        pass = await this.pass(run, ticket, leaseLost, resumption, { from: pass.from });
      }
      switch (pass.kind) {
        case 'recorded':
          this.announce(run, pass.result.status);
          return { ...pass.result, finishedAt: pass.finishedAt };
        case 'stopped':
          this.logger.warn({ runId: run.runId }, 'the run lost its lease; stopped before its next stage (another worker takes it up)');
          return null;
        case 'taken_over':
          this.logger.warn({ runId: run.runId }, 'run finished after its claim was taken over; result discarded');
          return null;
        default:
          // refused (the run was failed), or a direct pass discarded, which cannot be (it answers nothing provisionally).
          return null;
      }
    } finally {
      ticket?.end();
      this.waiters.notify(run.runId);
    }
  }

  /**
   * One pass over the stages and the finish. `provisional`: stages the run allows it
   * (StageInvoker.provisionalStages) may answer provisionally, their answers confirmed by the
   * finishing statement; a pass whose answers do not hold is discarded, nothing of it recorded,
   * and says where the run goes on from (`from`: before the first stage that answered). The
   * metrics of the pass's provisional stages are applied once its fate is known: those of the
   * calls made again after a discard count only then.
   */
  private async pass(run: ClaimedRun, ticket: RunTicket, leaseLost: AbortSignal | undefined, resumption: Resumption | undefined, mode: { provisional: true } | { from?: StageCheckpoint }): Promise<Pass> {
    const executed = await this.execute(run, ticket, leaseLost, resumption, mode);
    const provisional = executed.pass;
    const outcome = await this.outcome(run, executed);
    if (provisional) {
      const until = outcome.kind === 'discarded' ? (outcome.from?.position ?? -Infinity) : Infinity;
      for (const deferred of provisional.deferred) if (deferred.position < until) deferred.apply();
    }
    return outcome;
  }

  /** How the pass ended: its result recorded (or not, and why). */
  private async outcome(run: ClaimedRun, executed: Executed): Promise<Pass> {
    const { result, pass, checkpoints } = executed;
    const discarded = (reason: DiscardReason): Pass => {
      const answered = pass?.confirmations ?? [];
      const first = answered[0]?.stageId;
      return { kind: 'discarded', stages: stagesOf(answered), reason, from: first ? checkpoints.get(first) : undefined, ...(pass?.spoiled ? { at: pass.spoiled } : {}) };
    };
    if (pass?.spoiled) return discarded('effect_ahead');
    if (!result) return { kind: 'stopped' };
    const finishedAt = await this.record(run, result);
    if (finishedAt === UNCONFIRMED) return discarded('unconfirmed');
    if (finishedAt === REFUSED_PROVISIONAL) return discarded('refused');
    if (finishedAt === REFUSED) return { kind: 'refused' };
    if (!finishedAt) return { kind: 'taken_over' };
    return { kind: 'recorded', result, finishedAt };
  }

  /**
   * The stages of one pass: the run's result, or null when its lease was lost (it stops between
   * stages: no side effects for a run someone else now holds). In a provisional pass a stage may
   * answer provisionally (`pass`, with the checkpoints before each such stage); it stops when a
   * module that may act outside the finishing statement is next after such an answer
   * (`pass.spoiled`). `from`: a direct pass that goes on from a discarded pass's checkpoint.
   */
  private async execute(run: ClaimedRun, ticket: RunTicket, leaseLost: AbortSignal | undefined, resumption: Resumption | undefined, mode: { provisional: true } | { from?: StageCheckpoint }): Promise<Executed> {
    await this.policies.refresh();
    const stages = await this.stageList();
    const document = await this.queue.document(run);
    const state: RunState = { tenantId: run.tenantId, invoiceId: run.invoiceId, runId: run.runId, document, contentType: run.contentType };
    const finishSteps: SqlFragment[] = [];
    // An approval run resumes after its stages answered for good: nothing provisional there.
    const offered = 'provisional' in mode && !resumption ? this.invoker.provisionalStages(stages, ticket.selections) : undefined;
    const pass: ProvisionalPass | undefined = offered && offered.size > 0 ? { stages: offered, confirmations: [], spoiled: null, deferred: [] } : undefined;
    const checkpoints = new Map<string, StageCheckpoint>();
    const binding: StageBinding = {
      tenantId: run.tenantId,
      configId: ticket.configId,
      configVersion: ticket.configVersion,
      correlationId: run.correlationId,
      finish: { add: (step: SqlFragment) => void finishSteps.push(step) },
      ...(pass ? { provisional: pass } : {}),
    };
    const stopped = () => (leaseLost?.aborted ?? false) || (pass?.spoiled ?? null) !== null;
    const from = 'from' in mode ? mode.from : undefined;
    const outcome = await runStages(stages, ticket.selections, state, (stage, selection, input) => this.invoker.invoke(stage, selection, input, binding), stopped, resumption, {
      ...(pass ? { before: pass.stages, taken: checkpoints } : {}),
      ...(from ? { from } : {}),
    });
    if (!outcome || pass?.spoiled) return { result: null, pass, checkpoints };
    const confirmations = pass && pass.confirmations.length > 0 ? { confirmations: pass.confirmations } : {};
    return { result: { ...outcome, configId: ticket.configId, configVersion: ticket.configVersion, state, finishSteps, ...confirmations }, pass, checkpoints };
  }

  /**
   * Records the result (RunQueue.finish). A value PostgreSQL refuses (a NUL in an extracted field,
   * an impossible date) comes from the document: the same result would be refused on every
   * attempt, so it is a verdict, not a retry, and the run is failed; unless the result holds
   * provisional answers: the refused value may be a confirming step's, which the stage's own
   * statement would have met as a failure of that stage, so the direct pass decides.
   */
  private async record(run: ClaimedRun, result: RunResult): Promise<Date | null | typeof UNCONFIRMED | typeof REFUSED | typeof REFUSED_PROVISIONAL> {
    try {
      return await this.queue.finish(run, result);
    } catch (error) {
      if (!isDatabaseDataException(error)) throw error;
      if (result.confirmations?.length) return REFUSED_PROVISIONAL;
      this.logger.warn({ runId: run.runId, err: error }, 'the run result holds a value the database refuses; the run is failed');
      if (await this.queue.abandon(run, 'the document holds a value that cannot be stored (such as a NUL character or an impossible date)')) {
        this.announce(run, 'failed');
      }
      return REFUSED;
    }
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

/** The stages that answered provisionally, once each. */
function stagesOf(confirmations: ReadonlyArray<{ stageId: string }>): string[] {
  return [...new Set(confirmations.map((c) => c.stageId))];
}
