import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { ConflictError, mapDatabaseError, NotFoundError } from '../../framework/errors';
import { ChangeEventsService } from '../audit/change-events.service';
import { ConfigurationInvalidError } from '../configurations/configuration-invalid.error';
import { ConfigurationMetrics } from '../configurations/configuration-metrics';
import { ConfigurationValidator } from '../configurations/configuration-validator';
import { ConfigurationRepository } from '../configurations/configuration.repository';
import { ConfigurationsService, selectionsOf } from '../configurations/configurations.service';
import { ActivationKind, ConfigurationActivationEntity } from './entities/configuration-activation.entity';
import type { ModuleConfigurationEntity } from '../configurations/entities/module-configuration.entity';
import { PipelineConfig } from '../pipeline.config';
import { ActivationRepository, SWITCH_CONFLICTS } from './activation.repository';
import { RunGate } from './run-gate';

export type ActivationResult =
  | { state: 'activated'; configuration: ModuleConfigurationEntity }
  | { state: 'pending'; configuration: ModuleConfigurationEntity; activation: ConfigurationActivationEntity };

const logger = new Logger('ConfigurationActivation');

/**
 * Switches the active configuration. With no run in flight the switch is immediate and atomic;
 * otherwise it is queued: new runs wait at the gate, runs in flight finish on their version, and
 * the switch happens when they have drained, or fails after the drain timeout leaving the old
 * version active. Every attempt, whatever its outcome, is in the audit trail.
 */
@Injectable()
export class ActivationService implements OnModuleInit {
  constructor(
    private readonly db: PlatformDatabase,
    private readonly activations: ActivationRepository,
    private readonly configurationRows: ConfigurationRepository,
    private readonly configurations: ConfigurationsService,
    private readonly validator: ConfigurationValidator,
    private readonly audit: ChangeEventsService,
    private readonly gate: RunGate,
    private readonly metrics: ConfigurationMetrics,
    private readonly config: PipelineConfig,
  ) {}

  /** A pending activation cannot survive the process that was draining for it. */
  async onModuleInit(): Promise<void> {
    const stale = await this.activations.pending();
    for (const activation of stale) {
      await this.db.transaction(async (tx) => {
        await this.activations.finish(activation.activationId, { state: 'failed', message: 'interrupted by a restart' }, tx);
        await this.audit.record(
          { configId: activation.configId, action: 'activation_failed', actor: 'system', result: 'failure', message: 'queued activation interrupted by a restart' },
          tx,
        );
      });
    }
    const active = await this.configurations.active();
    this.metrics.activeVersion.set(active.version);
    this.metrics.activationPending.set(0);
  }

  async activate(ref: string, actor: string): Promise<ActivationResult> {
    const configuration = await this.configurations.get(ref);
    await this.audit.record({
      configId: configuration.configId,
      action: 'activation_requested',
      actor,
      result: 'success',
      message: `activation of version ${configuration.version} requested`,
    });
    return this.switchTo(configuration, actor, 'activate');
  }

  /**
   * Restores an earlier version as a new one (copying its selections and settings), validates it
   * and activates it through the same path; the replaced version becomes rolled_back.
   */
  async rollback(toVersion: number | undefined, actor: string): Promise<ActivationResult> {
    const current = await this.configurations.active();
    await this.audit.record({
      configId: current.configId,
      action: 'rollback_requested',
      actor,
      result: 'success',
      message: `rollback from version ${current.version} to ${toVersion ?? 'the previous version'} requested`,
      details: { from_version: current.version, to_version: toVersion ?? null },
    });
    const target = await this.rollbackTarget(current, toVersion, actor);
    const draft = await this.configurations.create(
      { summary: `Rollback to version ${target.version}`, basedOnVersion: target.version, selections: [] },
      actor,
    );
    const outcome = await this.validator.validate(selectionsOf(draft));
    await this.configurations.recordValidation(draft, outcome, actor);
    if (!outcome.valid) {
      this.metrics.activations.inc({ result: 'rejected' });
      throw new ConfigurationInvalidError(draft.version, outcome.problems);
    }
    const result = await this.switchTo(await this.configurations.get(draft.configId), actor, 'rollback');
    this.metrics.rollbacks.inc();
    return result;
  }

  private async rollbackTarget(current: ModuleConfigurationEntity, toVersion: number | undefined, actor: string): Promise<ModuleConfigurationEntity> {
    const refuse = async (error: Error): Promise<never> => {
      await this.audit.record({ configId: current.configId, action: 'rolled_back', actor, result: 'failure', message: error.message });
      throw error;
    };
    if (toVersion === undefined) {
      const previous = await this.configurationRows.previouslyActive(current.configId);
      if (!previous) return refuse(new ConflictError('There is no earlier active version to roll back to.'));
      return this.configurations.get(previous.configId);
    }
    const target = await this.configurations.byVersion(toVersion, 'to_version');
    if (target.configId === current.configId) return refuse(new ConflictError(`Version ${toVersion} is the active version already.`));
    if (!target.activatedAt) return refuse(new ConflictError(`Version ${toVersion} was never active; only earlier active versions can be restored.`));
    return target;
  }

  private async switchTo(configuration: ModuleConfigurationEntity, actor: string, kind: ActivationKind): Promise<ActivationResult> {
    const fail = async (error: Error, result: string): Promise<never> => {
      this.metrics.activations.inc({ result });
      await this.audit.record({ configId: configuration.configId, action: 'activation_failed', actor, result: 'failure', message: error.message });
      throw error;
    };
    if (configuration.status !== 'validated') {
      return fail(
        new ConflictError(`Configuration version ${configuration.version} is ${configuration.status}; only a validated configuration can become active.`, {
          extensions: { current_state: configuration.status, requested_state: 'active' },
        }),
        'conflict',
      );
    }
    // Validated once is not enough: modules may have been disabled or removed since.
    const outcome = await this.validator.validate(selectionsOf(configuration));
    if (!outcome.valid) {
      await this.configurations.recordValidation(configuration, outcome, actor);
      this.metrics.activations.inc({ result: 'rejected' });
      throw new ConfigurationInvalidError(configuration.version, outcome.problems);
    }

    const token = this.gate.tryClose();
    if (!token) return fail(new ConflictError('Another activation is in progress; try again when it has finished.'), 'conflict');
    let handedOff = false;
    try {
      if (this.gate.runsInFlight === 0) {
        const activated = await this.commitSwitch(configuration, actor, kind).catch((error: unknown) => fail(mapDatabaseError(error, SWITCH_CONFLICTS) as Error, 'conflict'));
        return { state: 'activated', configuration: activated };
      }
      const activation = await this.queue(configuration, actor, kind).catch((error: unknown) => fail(mapDatabaseError(error, SWITCH_CONFLICTS) as Error, 'conflict'));
      handedOff = true;
      void this.completeWhenDrained(token, activation, configuration, actor, kind);
      return { state: 'pending', configuration, activation };
    } finally {
      if (!handedOff) this.gate.reopen(token);
    }
  }

  private async queue(configuration: ModuleConfigurationEntity, actor: string, kind: ActivationKind): Promise<ConfigurationActivationEntity> {
    const activation = await this.db.transaction(async (tx) => {
      const saved = await this.activations.insertPending({ configId: configuration.configId, kind, requestedBy: actor }, tx);
      await this.audit.record(
        {
          configId: configuration.configId,
          action: 'activation_queued',
          actor,
          result: 'success',
          message: `version ${configuration.version} waits for ${this.gate.runsInFlight} run(s) in flight`,
          details: { activation_id: saved.activationId, runs_in_flight: this.gate.runsInFlight, kind },
        },
        tx,
      );
      return saved;
    });
    this.metrics.activations.inc({ result: 'queued' });
    this.metrics.activationPending.set(1);
    return activation;
  }

  private async completeWhenDrained(
    token: symbol,
    activation: ConfigurationActivationEntity,
    configuration: ModuleConfigurationEntity,
    actor: string,
    kind: ActivationKind,
  ): Promise<void> {
    try {
      const drained = await this.gate.drained(this.config.activationDrainTimeoutMs);
      if (drained) {
        await this.commitSwitch(configuration, actor, kind, activation.activationId);
        return;
      }
      await this.finishQueued(activation, configuration, actor, `runs in flight did not drain within ${this.config.activationDrainTimeoutMs} ms; the active version is unchanged`);
    } catch (error) {
      await this.finishQueued(activation, configuration, actor, `switch failed: ${(error as Error).message}`).catch((inner: unknown) =>
        logger.error({ err: inner }, 'could not record the failed activation'),
      );
    } finally {
      this.metrics.activationPending.set(0);
      this.gate.reopen(token);
    }
  }

  private async finishQueued(activation: ConfigurationActivationEntity, configuration: ModuleConfigurationEntity, actor: string, message: string): Promise<void> {
    this.metrics.activations.inc({ result: 'failed' });
    await this.db.transaction(async (tx) => {
      await this.activations.finish(activation.activationId, { state: 'failed', message }, tx);
      await this.audit.record({ configId: configuration.configId, action: 'activation_failed', actor, result: 'failure', message, details: { activation_id: activation.activationId } }, tx);
    });
  }

  /** The switch itself: one transaction, the previous active becomes superseded (or rolled_back). */
  private async commitSwitch(configuration: ModuleConfigurationEntity, actor: string, kind: ActivationKind, activationId?: string): Promise<ModuleConfigurationEntity> {
    const replacedStatus = kind === 'rollback' ? 'rolled_back' : 'superseded';
    const previous = await this.db.transaction(async (tx) => {
      if (!(await this.activations.tryLockSwitch(tx))) throw new ConflictError('Another activation is being committed; try again.');
      await this.assertNoOtherPending(tx, activationId);
      const target = await this.configurationRows.lock(configuration.configId, tx);
      if (!target || target.status !== 'validated') {
        throw new ConflictError(`Configuration version ${configuration.version} is ${target?.status ?? 'gone'}; only a validated configuration can become active.`, {
          extensions: { current_state: target?.status ?? null, requested_state: 'active' },
        });
      }
      const old = await this.configurationRows.retireActive(replacedStatus, tx);
      await this.configurationRows.setActive(configuration.configId, tx);
      if (activationId) await this.activations.finish(activationId, { state: 'completed', message: 'activated' }, tx);
      if (old) {
        await this.audit.record(
          {
            configId: old.configId,
            action: replacedStatus,
            actor,
            result: 'success',
            message: `version ${old.version} replaced by version ${configuration.version}`,
            details: { replaced_by_version: configuration.version },
          },
          tx,
        );
      }
      await this.audit.record(
        {
          configId: configuration.configId,
          action: kind === 'rollback' ? 'rolled_back' : 'activated',
          actor,
          result: 'success',
          message: `version ${configuration.version} is active${old ? ` (was ${old.version})` : ''}`,
          details: { previous_version: old?.version ?? null, activation_id: activationId ?? null, kind },
        },
        tx,
      );
      return old;
    });
    this.metrics.activations.inc({ result: 'activated' });
    this.metrics.activeVersion.set(configuration.version);
    logger.log({ version: configuration.version, previous: previous?.version, actor, kind }, 'configuration activated');
    return this.configurations.get(configuration.configId);
  }

  private async assertNoOtherPending(tx: EntityManager, activationId: string | undefined): Promise<void> {
    const [pending] = await this.activations.pending(tx);
    if (pending && pending.activationId !== activationId) {
      throw new ConflictError(`Activation ${pending.activationId} is pending; only one activation can wait at a time.`);
    }
  }

  /** The latest attempt that had to wait, for status queries. */
  async activation(activationId: string): Promise<ConfigurationActivationEntity> {
    const found = await this.activations.byId(activationId);
    if (!found) throw new NotFoundError(`Activation ${activationId} does not exist.`);
    return found;
  }
}

