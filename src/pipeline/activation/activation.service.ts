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
import { ClusterGate } from './cluster-gate';
import { ClusterGateRepository, type GateProgress } from './cluster-gate.repository';
import { RunGate } from './run-gate';

export type ActivationResult =
  | { state: 'activated'; configuration: ModuleConfigurationEntity; activation: ConfigurationActivationEntity | null }
  | { state: 'pending'; configuration: ModuleConfigurationEntity; activation: ConfigurationActivationEntity };

/** How long an activation waits for every replica to close its gate before it answers 202 (queued) rather than 200. */
const ACKNOWLEDGE_WITHIN_MS = 1_000;
/** Polling the replicas' acknowledgements while a switch waits: from this interval, doubling up to the next. */
const POLL_FIRST_MS = 5;
const POLL_MAX_MS = 50;

/** A closure of the cluster's gate held by this process's activation. */
interface Closure {
  activation: ConfigurationActivationEntity;
  epoch: number;
  /** performance.now() by which the runs in flight must have drained. */
  deadline: number;
  /** When every live replica was first seen closed (database clock). */
  allClosedAt: Date | null;
}

const logger = new Logger('ConfigurationActivation');

/**
 * Switches the active configuration, for every replica at once. The switch closes the cluster's
 * gate (configuration_gate: the activation's row becomes pending) and waits until every live
 * replica has closed its own admission gate and reported that no run of it is in flight; then it
 * switches in one transaction that also reopens the gate, and every replica admits its waiting
 * runs on the new version. With nothing in flight anywhere this takes a few milliseconds and the
 * answer is 200 (activated); otherwise it is queued (202): runs in flight finish on their version,
 * new runs on every replica wait, and after the drain timeout the activation fails and the old
 * version stays active. Every attempt, whatever its outcome, is in the audit trail.
 */
@Injectable()
export class ActivationService implements OnModuleInit {
  /** An activation of this process holds (or is taking) the gate. */
  private switching = false;

  constructor(
    private readonly db: PlatformDatabase,
    private readonly activations: ActivationRepository,
    private readonly gates: ClusterGateRepository,
    private readonly cluster: ClusterGate,
    private readonly configurationRows: ConfigurationRepository,
    private readonly configurations: ConfigurationsService,
    private readonly validator: ConfigurationValidator,
    private readonly audit: ChangeEventsService,
    private readonly gate: RunGate,
    private readonly metrics: ConfigurationMetrics,
    private readonly config: PipelineConfig,
  ) {}

  /**
   * A pending activation that does not hold the gate was left by a crash before the gate existed
   * (or half-way): it fails. The one holding the gate belongs to a live replica, or the first
   * replica to notice its replica's lease ran out fails it (ClusterGate).
   */
  async onModuleInit(): Promise<void> {
    const gate = await this.gates.gate();
    const stale = (await this.activations.pending()).filter((a) => a.activationId !== gate.activationId);
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
    this.metrics.activationPending.set(gate.activationId ? 1 : 0);
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

    if (this.switching) return fail(new ConflictError('Another activation is in progress; try again when it has finished.'), 'conflict');
    this.switching = true;
    let handedOff = false;
    try {
      const deadline = performance.now() + this.config.activationDrainTimeoutMs;
      const closure = await this.closeGate(configuration, actor, kind, deadline).catch((error: unknown) =>
        fail(mapDatabaseError(error, SWITCH_CONFLICTS) as Error, 'conflict'),
      );
      const seen = await this.waitFor(closure, 'closed', Math.min(deadline, performance.now() + ACKNOWLEDGE_WITHIN_MS));
      if (seen.drained === seen.live) {
        const activated = await this.commitSwitch(configuration, actor, kind, closure).catch(async (error: unknown) => {
          await this.abandonSwitch(closure, `switch failed: ${(error as Error).message}`).catch((inner: unknown) =>
            logger.error({ err: inner }, 'could not reopen the configuration gate after a failed switch'),
          );
          return fail(mapDatabaseError(error, SWITCH_CONFLICTS) as Error, 'conflict');
        });
        return { state: 'activated', configuration: activated, activation: await this.activations.byId(closure.activation.activationId) };
      }
      await this.recordQueued(closure, configuration, actor, kind, seen);
      handedOff = true;
      void this.completeWhenDrained(closure, configuration, actor, kind);
      return { state: 'pending', configuration, activation: closure.activation };
    } finally {
      if (!handedOff) this.switching = false;
    }
  }

  /**
   * Closes the cluster's gate for a new pending activation: this process's gate first (so the
   * count of its runs in flight is final), then the row, with this replica's acknowledgement in the
   * same transaction. A gate held by a replica whose lease ran out is taken over (its activation fails).
   */
  private async closeGate(configuration: ModuleConfigurationEntity, actor: string, kind: ActivationKind, deadline: number): Promise<Closure> {
    this.gate.close('activating');
    try {
      const closure = await this.db.transaction(async (tx) => {
        const gate = await this.gates.lock(tx);
        if (gate.activationId) {
          if (gate.closerLive || gate.closedBy === this.cluster.replicaId) {
            throw new ConflictError('Another activation is in progress; try again when it has finished.');
          }
          const message = 'interrupted: the replica that was draining runs for it stopped';
          const orphan = await this.activations.byId(gate.activationId, tx);
          await this.activations.finish(gate.activationId, { state: 'failed', message }, tx);
          if (orphan) {
            await this.audit.record(
              { configId: orphan.configId, action: 'activation_failed', actor: 'system', result: 'failure', message, details: { activation_id: orphan.activationId } },
              tx,
            );
          }
        }
        const activation = await this.activations.insertPending({ configId: configuration.configId, kind, requestedBy: actor }, tx);
        const epoch = await this.gates.close(tx, activation.activationId, this.cluster.replicaId);
        await this.gates.acknowledge(this.cluster.replicaId, epoch, this.gate.runsInFlight, tx);
        return { activation, epoch, deadline, allClosedAt: null };
      });
      await this.cluster.adoptClosure(closure.epoch);
      return closure;
    } finally {
      this.gate.open('activating');
    }
  }

  /** Polls the live replicas until all have closed (or drained) for the epoch, or until the deadline; the last answer. */
  private async waitFor(closure: Closure, until: 'closed' | 'drained', deadline: number): Promise<GateProgress & { done: boolean }> {
    let interval = POLL_FIRST_MS;
    for (;;) {
      const progress = await this.gates.progress(closure.epoch);
      if (progress.closed === progress.live) closure.allClosedAt ??= progress.at;
      const done = until === 'closed' ? progress.closed === progress.live : progress.drained === progress.live;
      // A replica that is shutting down stops waiting: the activation fails and the gate reopens.
      if (done || performance.now() >= deadline || !this.cluster.active) return { ...progress, done };
      await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(1, deadline - performance.now()))).unref());
      interval = Math.min(interval * 2, POLL_MAX_MS);
    }
  }

  private async recordQueued(closure: Closure, configuration: ModuleConfigurationEntity, actor: string, kind: ActivationKind, seen: GateProgress): Promise<void> {
    const notClosed = seen.live - seen.closed;
    await this.audit.record({
      configId: configuration.configId,
      action: 'activation_queued',
      actor,
      result: 'success',
      message: `version ${configuration.version} waits for ${seen.runsInFlight} run(s) in flight on ${seen.live - seen.drained} of ${seen.live} replica(s)${notClosed ? ` (${notClosed} not acknowledged yet)` : ''}`,
      details: { activation_id: closure.activation.activationId, runs_in_flight: seen.runsInFlight, replicas: seen.live, replicas_waited_for: seen.waitingFor, kind },
    });
    this.metrics.activations.inc({ result: 'queued' });
    this.metrics.activationPending.set(1);
  }

  private async completeWhenDrained(closure: Closure, configuration: ModuleConfigurationEntity, actor: string, kind: ActivationKind): Promise<void> {
    try {
      const progress = await this.waitFor(closure, 'drained', closure.deadline);
      if (progress.done) {
        await this.commitSwitch(configuration, actor, kind, closure);
        return;
      }
      const waiting = progress.waitingFor.length > 0 ? ` (replicas still draining: ${progress.waitingFor.join(', ')})` : '';
      const message = this.cluster.active
        ? `runs in flight did not drain within ${this.config.activationDrainTimeoutMs} ms${waiting}; the active version is unchanged`
        : 'interrupted: this replica shut down while runs drained; the active version is unchanged';
      await this.finishQueued(closure, configuration, actor, message);
    } catch (error) {
      await this.finishQueued(closure, configuration, actor, `switch failed: ${(error as Error).message}`).catch((inner: unknown) =>
        logger.error({ err: inner }, 'could not record the failed activation'),
      );
    } finally {
      this.switching = false;
    }
  }

  private async finishQueued(closure: Closure, configuration: ModuleConfigurationEntity, actor: string, message: string): Promise<void> {
    this.metrics.activations.inc({ result: 'failed' });
    await this.abandonSwitch(closure, message, async (tx) => {
      await this.audit.record(
        { configId: configuration.configId, action: 'activation_failed', actor, result: 'failure', message, details: { activation_id: closure.activation.activationId } },
        tx,
      );
    });
  }

  /** The activation failed: the gate reopens (if it still holds it) on the version that is active, and every replica admits runs again. */
  private async abandonSwitch(closure: Closure, message: string, record?: (tx: EntityManager) => Promise<void>): Promise<void> {
    const opened = await this.db.transaction(async (tx) => {
      const gate = await this.gates.lock(tx);
      await this.activations.finish(closure.activation.activationId, { state: 'failed', message }, tx);
      await record?.(tx);
      return gate.activationId === closure.activation.activationId ? this.gates.open(tx) : null;
    });
    if (opened !== null) await this.cluster.adoptOpen(opened);
    else await this.cluster.sync();
  }

  /**
   * The switch itself: one transaction under the gate's lock (still held by this activation), the
   * previous active becomes superseded (or rolled_back), and the gate reopens: every replica
   * admits its waiting runs on the new version once it hears (NOTIFY, or its next heartbeat).
   */
  private async commitSwitch(configuration: ModuleConfigurationEntity, actor: string, kind: ActivationKind, closure: Closure): Promise<ModuleConfigurationEntity> {
    const replacedStatus = kind === 'rollback' ? 'rolled_back' : 'superseded';
    const activationId = closure.activation.activationId;
    const done = await this.db.transaction(async (tx) => {
      const gate = await this.gates.lock(tx);
      if (gate.activationId !== activationId) {
        throw new ConflictError('The activation no longer holds the configuration gate (its replica was taken for stopped); try again.');
      }
      if (!(await this.activations.tryLockSwitch(tx))) throw new ConflictError('Another activation is being committed; try again.');
      await this.assertNoOtherPending(tx, activationId);
      const target = await this.configurationRows.lock(configuration.configId, tx);
      if (!target || target.status !== 'validated') {
        throw new ConflictError(`Configuration version ${configuration.version} is ${target?.status ?? 'gone'}; only a validated configuration can become active.`, {
          extensions: { current_state: target?.status ?? null, requested_state: 'active' },
        });
      }
      const drained = await this.gates.progress(closure.epoch, tx);
      const old = await this.configurationRows.retireActive(replacedStatus, tx);
      await this.configurationRows.setActive(configuration.configId, tx);
      const report = { runs_drained: drained.runsInFlight, switch_delay_ms: gate.closedForMs, replicas: drained.live };
      await this.activations.finish(
        activationId,
        { state: 'completed', message: 'activated', runsDrained: report.runs_drained, switchDelayMs: report.switch_delay_ms, gateClosedAt: closure.allClosedAt ?? drained.at },
        tx,
      );
      const epoch = await this.gates.open(tx);
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
          details: { previous_version: old?.version ?? null, activation_id: activationId, kind, ...report },
        },
        tx,
      );
      return { old, epoch, report };
    });
    await this.cluster.adoptOpen(done.epoch);
    this.metrics.activations.inc({ result: 'activated' });
    this.metrics.activeVersion.set(configuration.version);
    logger.log(
      { version: configuration.version, previous: done.old?.version, actor, kind, switchDelayMs: done.report.switch_delay_ms, runsDrained: done.report.runs_drained, replicas: done.report.replicas },
      'configuration activated',
    );
    return this.configurations.get(configuration.configId);
  }

  private async assertNoOtherPending(tx: EntityManager, activationId: string | undefined): Promise<void> {
    const [pending] = await this.activations.pending(tx);
    if (pending && pending.activationId !== activationId) {
      throw new ConflictError(`Activation ${pending.activationId} is pending; only one activation can wait at a time.`);
    }
  }

  /** An activation attempt, for status queries. */
  async activation(activationId: string): Promise<ConfigurationActivationEntity> {
    const found = await this.activations.byId(activationId);
    if (!found) throw new NotFoundError(`Activation ${activationId} does not exist.`);
    return found;
  }
}

