import { hostname } from 'node:os';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { Counter } from 'prom-client';
import { ConflictError, NotFoundError } from '../errors';
import { EventBus } from '../events/event-bus';
import { TOPICS } from '../events/topics';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import type { Startable, Stoppable } from '../lifecycle/lifecycle.types';
import { MetricsService } from '../metrics/metrics.service';
import { planCatchUp } from './catch-up-plan';
import { Clock } from './clock';
import { CRON_TIME_ZONE, nextSlotAfter, slotAtOrBefore } from './cron-schedule';
import type { FireTrigger, JobDefinition, ResolvedJobDefinition } from './job-definition';
import { resolveJobDefinition } from './job-registration';
import type { JobStateEntity } from './job-state.entity';
import { SchedulerConfig } from './scheduler.config';
import { type FireKey, SchedulerRepository } from './scheduler.repository';

/** taken: another replica claimed the fire; busy: a catch-up fire left to the replica running the backlog. */
export type FireOutcome = 'succeeded' | 'failed' | 'skipped' | 'taken' | 'busy';

export interface FireReport {
  jobId: string;
  scheduledAt: Date;
  trigger: FireTrigger;
  outcome: FireOutcome;
  durationMs?: number;
  error?: string;
}

export interface JobView {
  definition: ResolvedJobDefinition;
  state: JobStateEntity | undefined;
  nextFireAt: Date;
}

/** A timer tick may land a little before its slot; this tolerance maps it to the slot it stands for. */
const TICK_TOLERANCE_MS = 250;

/**
 * Runs the jobs modules register. Each fire is claimed in PostgreSQL first (row per
 * job_id + scheduled_at), so with several replicas each fire runs once, and the running count per
 * job is checked under a row lock, so max concurrency holds across replicas. A running fire holds a
 * short lease its replica renews while it lives (one statement for all its fires), so a fire whose
 * replica was killed stops blocking its job within SCHEDULER_FIRE_LEASE_MS. At boot, fires missed
 * since the persisted last slot are caught up according to each job's policy.
 *
 * Other modules register their jobs in onModuleInit:
 *   await scheduler.register({ jobId: 'outbox.redelivery', cron: '0 * * * * *',
 *     catchUp: 'skip', maxConcurrency: 1, handler: async () => 'redelivered 3' });
 */
@Injectable()
@LifecycleParticipant({ name: 'scheduler', dependsOn: ['database', 'events', 'metrics'] })
export class SchedulerService implements Startable, Stoppable {
  private readonly logger = new Logger('Scheduler');
  private readonly jobs = new Map<string, ResolvedJobDefinition>();
  private readonly timers = new Map<string, CronJob>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly lastOutcome = new Map<string, FireReport>();
  /** Fires this replica is running, by job id and slot: their leases are renewed together. */
  private readonly held = new Map<string, FireKey>();
  private heartbeatTimer?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  private started = false;
  readonly instanceId: string;
  private readonly fires: Counter<'job_id' | 'outcome'>;

  constructor(
    private readonly repository: SchedulerRepository,
    private readonly clock: Clock,
    private readonly config: SchedulerConfig,
    metrics: MetricsService,
    @Optional() private readonly registry?: SchedulerRegistry,
    @Optional() private readonly bus?: EventBus,
  ) {
    this.instanceId = config.schedulerInstanceId ?? `${hostname()}:${process.pid}`;
    this.fires = metrics.counter({
      name: 'scheduler_fires_total',
      help: 'Job fires by outcome: succeeded, failed, skipped (concurrency limit), taken (another replica claimed it), busy (catch-up left to another replica).',
      labelNames: ['job_id', 'outcome'] as const,
    });
  }

  /**
   * Registers a job: an invalid definition is a ValidationError, a duplicate id a ConflictError.
   * Its state row is created; once the scheduler runs, the job is caught up and timed at once.
   */
  async register(definition: JobDefinition): Promise<void> {
    const job = resolveJobDefinition(definition);
    if (this.jobs.has(job.jobId)) throw new ConflictError(`job "${job.jobId}" is already registered`);
    this.jobs.set(job.jobId, job);
    try {
      await this.repository.ensureState(job.jobId, job.cron);
    } catch (error) {
      this.jobs.delete(job.jobId);
      throw error;
    }
    if (this.started) this.track(this.startJob(job));
  }

  definitions(): ResolvedJobDefinition[] {
    return [...this.jobs.values()];
  }

  /** Definitions, persisted state and next fire of every job. */
  async list(): Promise<JobView[]> {
    const states = new Map((await this.repository.states()).map((s) => [s.jobId, s]));
    const now = this.clock.now();
    return this.definitions().map((definition) => ({ definition, state: states.get(definition.jobId), nextFireAt: nextSlotAfter(definition.cron, now) }));
  }

  /** Latest outcome per job seen by this replica (cheap: for the health contributor). */
  recentOutcomes(): FireReport[] {
    return [...this.lastOutcome.values()];
  }

  /**
   * Lifecycle start: catch-up and timers of every registered job (and of jobs registered later),
   * unless SCHEDULER_ENABLED=false (manual triggers only).
   */
  async start(): Promise<void> {
    if (!this.config.schedulerEnabled) {
      this.logger.log('scheduler disabled on this replica (SCHEDULER_ENABLED=false): manual triggers only');
      return;
    }
    if (this.started) return;
    this.started = true;
    for (const job of this.jobs.values()) this.track(this.startJob(job));
  }

  /** Lifecycle stop: timers stop, running fires finish, then the heartbeat stops. */
  async stop(): Promise<void> {
    this.started = false;
    for (const [jobId, timer] of this.timers) {
      void timer.stop();
      if (this.registry?.doesExist('cron', timerName(jobId))) this.registry.deleteCronJob(timerName(jobId));
    }
    this.timers.clear();
    await this.idle();
    this.stopHeartbeat();
  }

  /** Fires this replica is running and renewing. */
  heldFires(): FireKey[] {
    return [...this.held.values()];
  }

  /**
   * One renewal of the leases of every fire this replica runs (the heartbeat timer calls it). A
   * fire missing from the answer was lost: its lease had run out and it no longer counts.
   */
  renewLeases(): Promise<void> {
    this.renewing ??= this.renewOnce().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    const fires = [...this.held.entries()];
    if (fires.length === 0) return;
    const now = this.clock.now();
    try {
      const renewed = await this.repository.renew(this.instanceId, fires.map(([, key]) => key), new Date(now.getTime() + this.config.schedulerFireLeaseMs), now);
      const kept = new Set(renewed.map(fireName));
      for (const [name, key] of fires) {
        if (kept.has(name) || !this.held.has(name)) continue;
        this.held.delete(name);
        this.logger.warn(`job ${key.jobId}: fire ${key.scheduledAt.toISOString()} lost its lease; it no longer counts against the job`);
      }
    } catch (error) {
      // Cut off from the database: keep trying; the leases run out if this lasts.
      this.logger.warn(`renewing ${fires.length} fire lease(s) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeatTimer) return;
    this.heartbeatTimer = setInterval(() => void this.renewLeases(), this.config.effectiveFireHeartbeatMs);
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Resolves when no catch-up or fire started by this instance is running. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Runs the fires missed since the persisted last slot: none for `skip`, the most recent ones
   * within the backfill limit, oldest first, for `bounded_backfill`.
   */
  async catchUp(jobId: string): Promise<FireReport[]> {
    const job = this.job(jobId);
    const state = await this.repository.ensureState(job.jobId, job.cron);
    const plan = planCatchUp(job, state.lastScheduledAt, this.clock.now());
    if (plan.dropped > 0 || plan.run.length > 0) {
      this.logger.log(`job ${jobId}: ${plan.run.length} missed fire(s) to backfill, ${plan.dropped} not run (policy ${job.catchUp})`);
    }
    const reports: FireReport[] = [];
    for (const slot of plan.run) {
      const report = await this.fire(jobId, slot, 'catch_up');
      reports.push(report);
      // Another replica is running the backlog at the limit: it claims the rest in order.
      if (report.outcome === 'busy') break;
    }
    return reports;
  }

  /** A timer tick: the slot it stands for, claimed and run. */
  async tick(jobId: string): Promise<FireReport> {
    const job = this.job(jobId);
    const slot = slotAtOrBefore(job.cron, new Date(this.clock.now().getTime() + TICK_TOLERANCE_MS));
    return this.fire(jobId, slot, 'schedule');
  }

  /** Claims the fire and, when this replica won it and the concurrency limit allows, runs it. */
  async fire(jobId: string, scheduledAt: Date, trigger: FireTrigger): Promise<FireReport> {
    const claimed = await this.claim(jobId, scheduledAt, trigger);
    return claimed.outcome === 'claimed' ? this.execute(this.job(jobId), scheduledAt, trigger) : claimed;
  }

  /**
   * Manual trigger (admin API): claims a fire at the current time and runs it in the background.
   * Resolves with `running` or `skipped` (concurrency limit reached).
   */
  async trigger(jobId: string): Promise<{ jobId: string; scheduledAt: Date; status: 'running' | 'skipped' }> {
    const job = this.job(jobId);
    const scheduledAt = this.clock.now();
    const claimed = await this.claim(jobId, scheduledAt, 'manual');
    if (claimed.outcome === 'taken' || claimed.outcome === 'busy') throw new ConflictError(`job "${jobId}" was triggered at this very instant already`);
    if (claimed.outcome === 'skipped') return { jobId, scheduledAt, status: 'skipped' };
    this.track(this.execute(job, scheduledAt, 'manual'));
    return { jobId, scheduledAt, status: 'running' };
  }

  private async claim(jobId: string, scheduledAt: Date, trigger: FireTrigger): Promise<FireReport | { outcome: 'claimed' }> {
    const job = this.job(jobId);
    const outcome = await this.repository.claim({
      jobId,
      scheduledAt,
      trigger,
      instanceId: this.instanceId,
      now: this.clock.now(),
      maxConcurrency: job.maxConcurrency,
      leaseMs: job.leaseMs,
      fireLeaseMs: this.config.schedulerFireLeaseMs,
    });
    if (outcome === 'claimed') return { outcome };
    const report: FireReport = { jobId, scheduledAt, trigger, outcome };
    this.fires.inc({ job_id: jobId, outcome });
    if (outcome === 'skipped') {
      this.lastOutcome.set(jobId, report);
      this.logger.warn(`job ${jobId}: fire ${scheduledAt.toISOString()} skipped, ${job.maxConcurrency} execution(s) already running`);
    }
    return report;
  }

  private async execute(job: ResolvedJobDefinition, scheduledAt: Date, trigger: FireTrigger): Promise<FireReport> {
    const started = performance.now();
    const key: FireKey = { jobId: job.jobId, scheduledAt };
    this.held.set(fireName(key), key);
    this.startHeartbeat();
    let report: FireReport;
    try {
      const summary = await job.handler({ jobId: job.jobId, scheduledAt, trigger });
      report = { jobId: job.jobId, scheduledAt, trigger, outcome: 'succeeded', durationMs: Math.round(performance.now() - started) };
      this.logger.log(`job ${job.jobId} (${trigger} ${scheduledAt.toISOString()}) succeeded in ${report.durationMs} ms${summary ? `: ${summary}` : ''}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report = { jobId: job.jobId, scheduledAt, trigger, outcome: 'failed', durationMs: Math.round(performance.now() - started), error: message };
      this.logger.error(`job ${job.jobId} (${trigger} ${scheduledAt.toISOString()}) failed: ${message}`, error instanceof Error ? error.stack : undefined);
    }
    const outcome = report.outcome === 'succeeded' ? 'succeeded' : 'failed';
    try {
      const recorded = await this.repository.finish({
        jobId: job.jobId,
        scheduledAt,
        instanceId: this.instanceId,
        result: outcome,
        now: this.clock.now(),
        durationMs: report.durationMs ?? 0,
        error: report.error,
      });
      if (!recorded) this.logger.warn(`job ${job.jobId}: fire ${scheduledAt.toISOString()} finished after it was recorded as abandoned (lease ran out)`);
    } finally {
      this.held.delete(fireName(key));
      if (this.held.size === 0) this.stopHeartbeat();
    }
    this.fires.inc({ job_id: job.jobId, outcome });
    this.lastOutcome.set(job.jobId, report);
    this.bus?.publish(TOPICS.schedulerFireFinished, report);
    return report;
  }

  private async startJob(job: ResolvedJobDefinition): Promise<void> {
    try {
      await this.catchUp(job.jobId);
    } catch (error) {
      this.logger.error(`job ${job.jobId}: catch-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!this.started || this.timers.has(job.jobId)) return;
    const timer = CronJob.from({
      cronTime: job.cron,
      timeZone: CRON_TIME_ZONE,
      start: true,
      onTick: () => {
        this.track(
          this.tick(job.jobId).catch((error: unknown) => {
            this.logger.error(`job ${job.jobId}: fire failed: ${error instanceof Error ? error.message : String(error)}`);
          }),
        );
      },
    });
    this.timers.set(job.jobId, timer);
    this.registry?.addCronJob(timerName(job.jobId), timer);
  }

  private job(jobId: string): ResolvedJobDefinition {
    const job = this.jobs.get(jobId);
    if (!job) throw new NotFoundError(`no job "${jobId}" is registered`);
    return job;
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}

function fireName(fire: FireKey): string {
  return `${fire.jobId}@${fire.scheduledAt.getTime()}`;
}

function timerName(jobId: string): string {
  return `scheduler:${jobId}`;
}
