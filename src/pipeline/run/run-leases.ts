import { Injectable, Logger } from '@nestjs/common';
import { PipelineRunConfig } from './pipeline-run.config';
import { type ClaimedRun, RunQueue } from './run-queue';

/**
 * The heartbeat of the runs this process holds. A run's lease is short (PIPELINE_RUN_LEASE_MS)
 * and renewed every PIPELINE_RUN_HEARTBEAT_MS while its holder lives, with one statement for all
 * of them (not a timer per run). A killed process stops renewing, so its runs are taken over
 * within one lease; a process cut off from the database stops renewing too, and once its lease
 * ran out the claim-token fence refuses its result (RunQueue.finish).
 */
@Injectable()
export class RunLeases {
  private readonly logger = new Logger('RunLeases');
  /** run id → claim token of every run this process is processing. */
  private readonly held = new Map<string, string>();
  /** run id → aborted when its lease is lost, so the runner stops before the next stage. */
  private readonly lost = new Map<string, AbortController>();
  private timer?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly queue: RunQueue,
    private readonly config: PipelineRunConfig,
  ) {}

  /** Keeps the run's lease alive while `work` runs; `work` gets a signal aborted if the lease is lost. */
  async hold<T>(run: ClaimedRun, work: (leaseLost: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.held.set(run.runId, run.claimToken);
    this.lost.set(run.runId, controller);
    this.startTimer();
    try {
      return await work(controller.signal);
    } finally {
      if (this.lost.get(run.runId) === controller) this.lost.delete(run.runId);
      if (this.held.get(run.runId) === run.claimToken) this.held.delete(run.runId);
      if (this.held.size === 0) this.stopTimer();
    }
  }

  /** Runs whose lease this process is renewing (those it lost are dropped). */
  heldRuns(): string[] {
    return [...this.held.keys()];
  }

  /** One renewal of every held lease; a run missing from the answer was lost (lease ran out or taken over). */
  renew(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  /** No more renewals (shutdown): runs still in flight lose their lease and are taken up elsewhere. */
  stop(): void {
    this.stopped = true;
    this.stopTimer();
  }

  private async renewOnce(): Promise<void> {
    const runs = [...this.held].map(([runId, claimToken]) => ({ runId, claimToken }));
    if (runs.length === 0) return;
    try {
      const kept = new Set(await this.queue.renewLeases(runs, this.config.runLeaseMs));
      for (const run of runs) {
        if (kept.has(run.runId) || this.held.get(run.runId) !== run.claimToken) continue;
        this.held.delete(run.runId);
        this.lost.get(run.runId)?.abort();
        this.logger.warn({ runId: run.runId }, 'lost the lease of a run (expired or taken over); it stops before its next stage and its result will be refused');
      }
    } catch (error) {
      // Cut off from the database: keep trying; the lease runs out if this lasts.
      this.logger.warn({ runs: runs.length, err: error }, 'renewing run leases failed');
    }
  }

  private startTimer(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.renew(), this.config.effectiveHeartbeatMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
