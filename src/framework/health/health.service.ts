import { Injectable, Logger, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ConflictError, isDatabaseUnavailable } from '../errors';
import { EventBus } from '../events/event-bus';
import { TOPICS } from '../events/topics';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import type { Stoppable } from '../lifecycle/lifecycle.types';
import { Clock } from '../scheduler/clock';
import { HEALTH_CONTRIBUTOR, HealthContributor, HealthOutcome } from './health-contributor';
import { HealthConfig } from './health.config';
import { HealthRepository } from './health.repository';
import type { HealthSnapshot, ModuleHealth } from './health-snapshot';
import { HealthStatus, worstStatus } from './health-status';
import type { ModuleStatusEntity } from './module-status.entity';

type IndicatorData = {
  state: HealthStatus;
  message: string;
};

/**
 * Runs every contributor through terminus, turns the result into the snapshot, caches it for
 * HEALTH_CACHE_MS (probes stay cheap however often they are called; concurrent callers share one
 * evaluation), persists changes and publishes HealthEvaluated after each evaluation. A lifecycle
 * participant: its stop waits for the status changes still being written, before the database
 * closes.
 */
@Injectable()
@LifecycleParticipant({ name: 'health', dependsOn: ['database', 'events', 'metrics'] })
export class HealthService implements OnModuleInit, Stoppable {
  private readonly logger = new Logger('Health');
  private readonly contributors = new Map<string, HealthContributor>();
  private cached?: { snapshot: HealthSnapshot; at: number };
  private evaluating?: Promise<HealthSnapshot>;
  private persisted?: Map<string, ModuleStatusEntity>;
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly terminus: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly discovery: DiscoveryService,
    private readonly repository: HealthRepository,
    private readonly bus: EventBus,
    private readonly config: HealthConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as HealthContributor | undefined;
      if (!instance || !wrapper.metatype || !Reflect.getMetadata(HEALTH_CONTRIBUTOR, wrapper.metatype)) continue;
      this.register(instance);
    }
  }

  /** Adds a contributor; names are unique. */
  register(contributor: HealthContributor): void {
    if (this.contributors.has(contributor.name)) throw new ConflictError(`health contributor "${contributor.name}" is already registered`);
    this.contributors.set(contributor.name, contributor);
    this.cached = undefined;
  }

  /** The cached snapshot while fresh, else a new evaluation. */
  async snapshot(): Promise<HealthSnapshot> {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.at < this.config.healthCacheMs) return this.cached.snapshot;
    this.evaluating ??= this.evaluate().finally(() => (this.evaluating = undefined));
    return this.evaluating;
  }

  async stop(): Promise<void> {
    await this.evaluating?.catch(() => undefined);
    await this.settled();
  }

  /** Resolves when every change of the evaluations so far is written (tests, shutdown). */
  async settled(): Promise<void> {
    await this.persisting;
  }

  async evaluate(): Promise<HealthSnapshot> {
    const contributors = [...this.contributors.values()];
    const result = await this.runTerminus(contributors);
    const at = this.clock.now();
    const modules: ModuleHealth[] = contributors.map((contributor) => {
      const detail = result.details[contributor.name] as (IndicatorData & { status: string }) | undefined;
      return {
        name: contributor.name,
        status: detail?.state ?? 'unhealthy',
        message: detail?.message ?? 'no result',
        optional: contributor.optional,
        timestamp: at.toISOString(),
      };
    });
    const readiness = worstStatus(modules.filter((m) => !m.optional).map((m) => m.status));
    const snapshot: HealthSnapshot = {
      generated_at: at.toISOString(),
      overall_status: worstStatus(modules.map((m) => m.status)),
      // Terminus flips to shutting_down on SIGTERM: stop receiving traffic while draining.
      readiness_status: result.status === 'shutting_down' ? 'unhealthy' : readiness,
      modules,
    };
    this.cached = { snapshot, at: at.getTime() };
    // health_module_status follows from the published snapshot (EventMetrics).
    this.persisting = this.persisting.then(() => this.persist(snapshot, at));
    this.bus.publish(TOPICS.healthEvaluated, snapshot);
    return snapshot;
  }

  private async runTerminus(contributors: HealthContributor[]): Promise<HealthCheckResult> {
    const indicators = contributors.map((contributor) => async (): Promise<HealthIndicatorResult> => {
      const outcome = await this.checkBounded(contributor);
      const data: IndicatorData = { state: outcome.status, message: outcome.message };
      const session = this.indicators.check(contributor.name);
      return outcome.status === 'unhealthy' ? session.down(data) : session.up(data);
    });
    try {
      return await this.terminus.check(indicators);
    } catch (error) {
      // Terminus reports "some indicator is down" (and shutdown) as a 503 exception carrying the result.
      if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }

  /** A check never throws past here: errors and timeouts become unhealthy. */
  private async checkBounded(contributor: HealthContributor): Promise<HealthOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthOutcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: 'unhealthy', message: `check timed out after ${this.config.healthCheckTimeoutMs} ms` }),
        this.config.healthCheckTimeoutMs,
      );
    });
    try {
      return await Promise.race([contributor.check(), timeout]);
    } catch (error) {
      return { status: 'unhealthy', message: `check failed: ${publicReason(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes modules whose status changed; a database outage only delays the write. */
  private async persist(snapshot: HealthSnapshot, at: Date): Promise<void> {
    try {
      this.persisted ??= new Map((await this.repository.latest()).map((row) => [row.moduleName, row]));
      for (const module of snapshot.modules) {
        const previous = this.persisted.get(module.name);
        // Messages carry live numbers (latency, backlog): only a status change is worth a write.
        if (previous && previous.status === module.status && previous.optional === module.optional) continue;
        this.logger.log(`health of ${module.name}: ${previous?.status ?? 'unknown'} -> ${module.status} (${module.message})`);
        this.persisted.set(module.name, await this.repository.record(module, previous, at));
      }
    } catch (error) {
      this.logger.warn(`health status not persisted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The reason a failed check shows on the public probes: the error's message, except for database
 * errors, whose text (host, port, SQL, constraint) belongs in the log only.
 */
function publicReason(error: unknown): string {
  if (isDatabaseUnavailable(error)) return 'database unreachable';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return 'database error';
  return error instanceof Error ? error.message : String(error);
}
