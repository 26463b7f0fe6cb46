import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppError, ConfigError, ConflictError, LifecycleError } from '../../errors';
import { LifecycleParticipant } from '../../lifecycle/lifecycle-participant.decorator';
import { LifecycleService } from '../../lifecycle/lifecycle.service';
import type { Stoppable } from '../../lifecycle/lifecycle.types';
import { PublishService } from '../../registry/publish-service.decorator';
import { displayValue } from '../config-loader';
import { ConfigSet } from '../config-set';
import { ConfigReloadEvents } from './config-reload-events';
import { InvalidReloadedConfigError } from './config-reload.errors';
import { isReloadable } from './reloadable';

export interface ReloadedField {
  env: string;
  from: unknown;
  to: unknown;
  source: string;
}

export interface ReloadResult {
  changed: ReloadedField[];
  durationMs: number;
  /** Modules whose reload(diff) ran, in order. */
  reloaded: string[];
}

/**
 * Re-reads every feeder, validates the whole configuration and applies the difference: a change
 * to a field not flagged dynamic refuses the reload (409, restart required) with nothing applied;
 * dynamic changes are written into the live configuration instances, then every started
 * Reloadable module gets reload(diff) in start order. A module failure stops the sequence, puts
 * the previous values back and is reported; retrying re-applies the same diff. Reloads run one at
 * a time. The `config` lifecycle participant: it starts after the Reloadable modules and stops
 * before them; its stop waits for a reload in progress and refuses later ones.
 */
@Injectable()
@PublishService({ name: 'config.reload', dependsOn: [{ name: 'lifecycle' }] })
@LifecycleParticipant({ name: 'config', dependsOn: ['logging', 'tenancy'] })
export class ConfigReloadService implements Stoppable {
  private readonly logger = new Logger('ConfigReload');
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly configs: ConfigSet,
    private readonly lifecycle: LifecycleService,
    readonly events: ConfigReloadEvents,
  ) {}

  reload(): Promise<ReloadResult> {
    if (this.stopped) return Promise.reject(new ConflictError('The service is shutting down; configuration reload is closed.'));
    const run = this.queue.then(() => this.run());
    this.queue = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue;
  }

  private async run(): Promise<ReloadResult> {
    const correlationId = randomUUID();
    const began = Date.now();
    this.events.publish({ type: 'ConfigReloadStarted', timestamp: new Date(), correlationId });
    const completed = (changed: string[], error?: AppError): void =>
      this.events.publish({
        type: 'ConfigReloadCompleted',
        timestamp: new Date(),
        correlationId,
        changed,
        duration_ms: Date.now() - began,
        success: error === undefined,
        ...(error ? { error: error.message } : {}),
      });

    let next: ConfigSet;
    try {
      next = this.configs.reread();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const refused = new InvalidReloadedConfigError('the re-read configuration is invalid; nothing was applied', error.problems, error);
      this.logger.warn({ causes: refused.causeChain() }, 'configuration reload refused');
      completed([], refused);
      throw refused;
    }

    const diff = this.configs.diff(next);
    const changed = diff.changes.map((c) => ({
      env: c.env,
      from: displayValue(c.setting, c.from),
      to: displayValue(c.setting, c.to),
      source: c.source,
    }));
    if (diff.empty) {
      this.events.publish({ type: 'ConfigReloadNoop', timestamp: new Date(), correlationId });
      return { changed: [], durationMs: Date.now() - began, reloaded: [] };
    }

    const staticChanges = diff.staticChanges().map((c) => c.env);
    if (staticChanges.length > 0) {
      const refused = new ConflictError(`restart required: ${staticChanges.join(', ')} cannot change at runtime; nothing was applied`, {
        extensions: { restartRequired: staticChanges },
      });
      this.logger.warn({ restartRequired: staticChanges }, 'configuration reload refused: restart required');
      completed(diff.names(), refused);
      throw refused;
    }

    const previousSources = { ...this.configs.provenance };
    this.configs.apply(diff, 'to', next.provenance);
    const reloaded: string[] = [];
    // This service is a participant too (`config`), and its reload() is the one running.
    const modules = this.lifecycle.startedInOrder().filter((p) => (p.instance as unknown) !== this && isReloadable(p.instance));
    for (const participant of modules) {
      try {
        await (participant.instance as unknown as { reload: (d: typeof diff) => Promise<void> }).reload(diff);
        reloaded.push(participant.name);
      } catch (cause) {
        this.configs.apply(diff, 'from', previousSources);
        const skipped = modules.slice(reloaded.length + 1).map((p) => p.name);
        const failure = new LifecycleError(
          `module "${participant.name}" failed to reload: ${cause instanceof Error ? cause.message : String(cause)}`,
          participant.name,
          { cause, extensions: { module: participant.name, reloaded, notReloaded: skipped } },
        );
        this.logger.error({ causes: failure.causeChain(), reloaded, notReloaded: skipped }, 'configuration reload failed');
        completed(diff.names(), failure);
        throw failure;
      }
    }
    this.logger.log({ changed, reloaded }, 'configuration reloaded');
    completed(diff.names());
    return { changed, durationMs: Date.now() - began, reloaded };
  }
}
