import { BeforeApplicationShutdown, Injectable, Logger, Optional } from '@nestjs/common';
import { LifecycleParticipant, Startable, Stoppable } from '../../framework/lifecycle';
import { LogContext } from '../../framework/logging';
import { PipelineRunner } from './pipeline-runner';
import { PipelineRunConfig } from './pipeline-run.config';
import { RunLeases } from './run-leases';
import { type ClaimedRun, RunQueue } from './run-queue';
import type { RecordedRun } from './run-result';

/**
 * Workers inside the service: PIPELINE_WORKER_CONCURRENCY loops that claim runs from the durable
 * queue and process them. They wake at once when this process enqueues a run and poll otherwise
 * (runs queued by other replicas, runs whose worker died). Inline runs (?wait=true) are tracked
 * here too, so shutdown drains both — before the configuration gate (a dependency) leaves the
 * cluster, so an activation elsewhere waits for the runs still draining here. The `pipeline` lifecycle participant: the loops start after
 * the modules runs need and stop (draining) before them. Claiming stops as soon as shutdown begins
 * (before the HTTP server drains); the drain itself is the lifecycle stop.
 */
@Injectable()
@LifecycleParticipant({ name: 'pipeline', dependsOn: ['database', 'tenancy', 'workers', 'scheduler', 'events', 'configuration-gate'] })
export class RunWorker implements Startable, Stoppable, BeforeApplicationShutdown {
  private readonly logger = new Logger('RunWorker');
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly sleepers = new Set<() => void>();
  private stopped = false;

  constructor(
    private readonly queue: RunQueue,
    private readonly runner: PipelineRunner,
    private readonly config: PipelineRunConfig,
    private readonly leases: RunLeases,
    @Optional() private readonly logContext?: LogContext,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.config.workersEnabled) return;
    for (let i = 0; i < this.config.workerConcurrency; i++) void this.track(this.loop(i));
    this.logger.log(`${this.config.workerConcurrency} pipeline workers started`);
  }

  /** Something was queued: wake one idle worker. */
  wake(): void {
    const [first] = this.sleepers;
    first?.();
  }

  /**
   * Processes a run this process claimed itself (inline), tracked for shutdown. With
   * `inRequestLogContext` the caller is the request that submitted the run, whose log context
   * carries the run's correlation id already (the request's id): the run then makes no log
   * context of its own (a child logger per run, whose bindings pino's redaction walks again).
   */
  runInline(run: ClaimedRun, inRequestLogContext = false): Promise<RecordedRun | null> {
    return this.track(this.process(run, inRequestLogContext));
  }

  /** Shutdown began: idle loops stop claiming at once (runs in progress go on until stop). */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    for (const wake of [...this.sleepers]) wake();
  }

  /** Lifecycle stop: no more claims, then the runs in progress get PIPELINE_SHUTDOWN_GRACE_MS. */
  async stop(): Promise<void> {
    this.beforeApplicationShutdown();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.shutdownGraceMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
    // Runs still going when the grace period ends stop renewing: another process takes them up once their lease runs out.
    this.leases.stop();
  }

  private async loop(index: number): Promise<void> {
    while (!this.stopped) {
      let run: ClaimedRun | null = null;
      try {
        run = await this.queue.claim(this.config.runLeaseMs);
      } catch (error) {
        if (!this.stopped) this.logger.error({ worker: index, err: error }, 'claiming a run failed');
      }
      if (this.stopped) return;
      if (!run) {
        await this.sleep(this.config.workerPollMs);
        continue;
      }
      try {
        await this.process(run);
      } catch (error) {
        // The run keeps its lease and is taken up again when it expires.
        this.logger.error({ worker: index, runId: run.runId, err: error }, 'processing a run failed');
      }
    }
  }

  /** Holds the run's lease while it runs; its stages log under the correlation id of the request that queued it. */
  private process(run: ClaimedRun, inRequestLogContext = false): Promise<RecordedRun | null> {
    const work = () => this.leases.hold(run, (leaseLost) => this.runner.process(run, leaseLost));
    return this.logContext && !inRequestLogContext ? this.logContext.withCorrelationId(run.correlationId, work) : work();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }
}
