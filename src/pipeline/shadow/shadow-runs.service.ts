import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ConflictError, NotFoundError, ValidationError } from '../../framework/errors';
import { PageCursor } from '../../framework/http/page-cursor';
import { SchedulerService } from '../../framework/scheduler';
import { ChangeEventsService } from '../audit/change-events.service';
import { ConfigurationsService, selectionsOf } from '../configurations/configurations.service';
import { PipelineConfig } from '../pipeline.config';
import { RunHistoryRepository } from '../run/run-history.repository';
import type { ShadowRunEntity } from './entities/shadow-run.entity';
import { type ClaimedShadowRun, ShadowRunRepository } from './shadow-run.repository';
import { type ShadowInvoiceReport, summarise } from './shadow-report';
import { ShadowRunner } from './shadow-runner';
import { ShadowSubjects } from './shadow-subjects';

export interface ShadowRunRequest {
  /** config_id (UUID) or version of a draft or validated configuration. */
  config: string;
  tenantId: string;
  lastN?: number;
  receivedFrom?: Date;
  receivedTo?: Date;
}

export const SHADOW_RUN_JOB = 'shadow-runs.worker';

/** The list's keyset position: created_at (microseconds, ISO) and id of the last run of a page. */
export const SHADOW_RUN_CURSOR = new PageCursor(
  'shadow-runs',
  (p): p is [string, string] => p.length === 2 && typeof p[0] === 'string' && !Number.isNaN(Date.parse(p[0])) && typeof p[1] === 'string' && /^[0-9a-f-]{36}$/.test(p[1]),
);

const logger = new Logger('ShadowRuns');

/**
 * Shadow runs: a candidate configuration (draft or validated) tried on a tenant's recent invoices
 * with no side effects. Requested through the API (queued, audited), carried out asynchronously by
 * whichever replica claims it (right away on the requesting replica, else by the scheduler job),
 * under a lease the holder renews; a dead replica's run is taken over once its lease ran out.
 */
@Injectable()
export class ShadowRunsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly working = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly db: PlatformDatabase,
    private readonly runs: ShadowRunRepository,
    private readonly configurations: ConfigurationsService,
    private readonly audit: ChangeEventsService,
    private readonly subjects: ShadowSubjects,
    private readonly history: RunHistoryRepository,
    private readonly runner: ShadowRunner,
    private readonly scheduler: SchedulerService,
    private readonly config: PipelineConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.scheduler.register({
      jobId: SHADOW_RUN_JOB,
      cron: this.config.shadowRunWorkerCron,
      catchUp: 'skip',
      maxConcurrency: 1,
      description: 'Carries out queued shadow runs and takes over those whose replica died.',
      handler: async () => {
        const done = await this.drain();
        return done > 0 ? `${done} shadow run(s) finished` : undefined;
      },
    });
  }

  /**
   * Before the lifecycle stops the database: stops taking up shadow runs; one in progress stops
   * between invoices and keeps its lease, so another replica takes it over when it runs out.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.working]);
  }

  async request(input: ShadowRunRequest, actor: string): Promise<ShadowRunEntity> {
    const configuration = await this.configurations.get(input.config);
    if (configuration.status !== 'draft' && configuration.status !== 'validated') {
      throw new ConflictError(`Configuration version ${configuration.version} is ${configuration.status}; a shadow run tries a draft or validated candidate.`, {
        extensions: { current_state: configuration.status },
      });
    }
    const byRange = input.receivedFrom !== undefined || input.receivedTo !== undefined;
    if (byRange === (input.lastN !== undefined)) {
      throw new ValidationError('Name either last_n or a date range (received_from, received_to).', [{ field: 'last_n', reason: 'either last_n or received_from/received_to' }]);
    }
    if (input.receivedFrom && input.receivedTo && input.receivedFrom >= input.receivedTo) {
      throw new ValidationError('received_from must be before received_to.', [{ field: 'received_to', reason: 'must be after received_from' }]);
    }
    const max = this.config.shadowRunMaxInvoices;
    if (input.lastN !== undefined && input.lastN > max) {
      throw new ValidationError(`A shadow run reads at most ${max} invoices.`, [{ field: 'last_n', reason: `must be at most ${max}` }]);
    }
    const run = await this.db.transaction(async (tx) => {
      const saved = await this.runs.insert(
        {
          configId: configuration.configId,
          tenantId: input.tenantId,
          requestedBy: actor,
          lastN: input.lastN ?? null,
          receivedFrom: input.receivedFrom ?? null,
          receivedTo: input.receivedTo ?? null,
          maxInvoices: max,
        },
        tx,
      );
      await this.audit.record(
        {
          configId: configuration.configId,
          action: 'shadow_run_requested',
          actor,
          result: 'success',
          message: `shadow run of version ${configuration.version} over tenant ${input.tenantId}'s ${input.lastN !== undefined ? `last ${input.lastN} invoices` : 'invoices in a date range'} requested`,
          details: { shadow_run_id: saved.shadowRunId, tenant_id: input.tenantId, last_n: input.lastN ?? null },
        },
        tx,
      );
      return saved;
    });
    this.kick();
    return run;
  }

  async get(shadowRunId: string): Promise<ShadowRunEntity> {
    const run = await this.runs.byId(shadowRunId);
    if (!run) throw new NotFoundError(`Shadow run ${shadowRunId} does not exist.`);
    return run;
  }

  async list(filter: { configId?: string; tenantId?: string; limit: number; cursor?: string }): Promise<{ items: ShadowRunEntity[]; nextCursor: string | null }> {
    const before = filter.cursor === undefined ? undefined : SHADOW_RUN_CURSOR.decode(filter.cursor);
    const rows = await this.runs.list({ configId: filter.configId, tenantId: filter.tenantId, before: before && { createdAt: before[0], id: before[1] }, take: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => r.run), nextCursor: rows.length > filter.limit && last ? SHADOW_RUN_CURSOR.encode([last.cursor, last.run.shadowRunId]) : null };
  }

  /** Shadow runs of a configuration, newest first (a change request's view); only one tenant's when given. */
  async ofConfiguration(configId: string, tenantId?: string, limit = 10): Promise<ShadowRunEntity[]> {
    return (await this.runs.list({ configId, tenantId, take: limit })).map((r) => r.run);
  }

  /** Starts working off the queue in the background (right after a request on this replica). */
  private kick(): void {
    if (this.stopped) return;
    const work = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error }, 'shadow run worker failed'));
    this.working.add(work);
    void work.finally(() => this.working.delete(work));
  }

  /** Claims and carries out shadow runs until none is due; returns how many it finished. */
  async drain(): Promise<number> {
    let done = 0;
    while (!this.stopped) {
      const run = await this.runs.claim(this.config.shadowRunLeaseMs);
      if (!run) break;
      if (await this.carryOut(run)) done++;
    }
    return done;
  }

  /** One claimed shadow run, its lease renewed meanwhile; false when the claim was lost. */
  private async carryOut(run: ClaimedShadowRun): Promise<boolean> {
    let lost = false;
    const heartbeat = setInterval(() => {
      void this.runs.renew(run.shadowRunId, run.claimToken, this.config.shadowRunLeaseMs).then(
        (kept) => (lost ||= !kept),
        (error: unknown) => logger.warn({ err: error, shadowRunId: run.shadowRunId }, 'renewing a shadow run lease failed'),
      );
    }, Math.max(100, Math.floor(this.config.shadowRunLeaseMs / 3)));
    heartbeat.unref();
    try {
      if (run.attempts > 3) return await this.finish(run, { state: 'failed', error: `given up after ${run.attempts - 1} interrupted attempts` });
      const reports = await this.reports(run, () => lost);
      if (!reports) {
        logger.warn({ shadowRunId: run.shadowRunId }, 'shadow run stopped before it finished (lease lost, or shutting down); it is taken up again once its lease runs out');
        return false;
      }
      return await this.finish(run, { state: 'completed', summary: summarise(reports), report: reports });
    } catch (error) {
      logger.error({ err: error, shadowRunId: run.shadowRunId }, 'shadow run failed');
      return this.finish(run, { state: 'failed', error: 'the shadow run failed (see the service log)' }).catch(() => false);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async reports(run: ClaimedShadowRun, lost: () => boolean): Promise<ShadowInvoiceReport[] | null> {
    const configuration = await this.configurations.get(run.configId);
    const candidate = { configId: configuration.configId, version: configuration.version, selections: selectionsOf(configuration) };
    const source = this.subjects.source;
    const subjects = await source.recent(run.tenantId, {
      lastN: run.lastN ?? undefined,
      from: run.receivedFrom ?? undefined,
      to: run.receivedTo ?? undefined,
      limit: run.maxInvoices,
    });
    const baselines = await this.history.latestFinished(run.tenantId, subjects.map((s) => s.subjectId));
    const reports: ShadowInvoiceReport[] = [];
    for (const subject of subjects) {
      if (lost() || this.stopped) return null;
      const document = await source.document(run.tenantId, subject.subjectId);
      if (!document) continue;
      const shadow = await this.runner.run(candidate, { tenantId: run.tenantId, subjectId: subject.subjectId, receivedAt: subject.receivedAt, contentType: subject.contentType, document }, run.shadowRunId);
      reports.push(ShadowRunner.report(subject, baselines.get(subject.subjectId), shadow));
    }
    return reports;
  }

  private async finish(
    run: ClaimedShadowRun,
    outcome: { state: 'completed'; summary: ReturnType<typeof summarise>; report: ShadowInvoiceReport[] } | { state: 'failed'; error: string },
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.runs.finish(run.shadowRunId, run.claimToken, outcome, tx))) return false;
      await this.audit.record(
        {
          configId: run.configId,
          action: outcome.state === 'completed' ? 'shadow_run_completed' : 'shadow_run_failed',
          actor: 'system',
          result: outcome.state === 'completed' ? 'success' : 'failure',
          message:
            outcome.state === 'completed'
              ? `shadow run over ${outcome.summary.invoices} invoice(s) of tenant ${run.tenantId}: ${outcome.summary.changed} would change`
              : `shadow run failed: ${outcome.error}`,
          details: { shadow_run_id: run.shadowRunId, tenant_id: run.tenantId, ...(outcome.state === 'completed' ? { summary: outcome.summary } : {}) },
        },
        tx,
      );
      return true;
    });
  }
}
