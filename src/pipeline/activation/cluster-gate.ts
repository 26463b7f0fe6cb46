import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InstanceConfig } from '../../framework/config';
import { NotificationListener, type NotificationSubscriber } from '../../framework/database/notification-listener';
import { PlatformDatabase } from '../../framework/database/platform-database';
import { LifecycleParticipant, Startable, Stoppable } from '../../framework/lifecycle';
import { ChangeEventsService } from '../audit/change-events.service';
import { ConfigurationMetrics } from '../configurations/configuration-metrics';
import { ConfigurationsService } from '../configurations/configurations.service';
import { PipelineConfig } from '../pipeline.config';
import { ActivationRepository } from './activation.repository';
import { ClusterGateRepository, type GateState } from './cluster-gate.repository';
import { RunGate } from './run-gate';

/** The channel the configuration_gate trigger notifies on (payload: the new epoch). */
export const CONFIGURATION_GATE_CHANNEL = 'configuration_gate';

/** Replicas whose lease ran out longer ago than this are forgotten at the next join. */
const FORGET_AFTER_MS = 3_600_000;

const logger = new Logger('ClusterGate');

/**
 * This process as a replica of the cluster's activation gate (docs/architecture.md, "One gate
 * for the cluster"). It registers in pipeline_replicas with a lease (renewed every third of
 * CONFIG_GATE_LEASE_MS), keeps the local RunGate in step with the configuration_gate row —
 * learning of changes through `NOTIFY configuration_gate` where the server delivers
 * notifications, and from every heartbeat in any case — and acknowledges each closure: closed
 * (with its runs in flight), then drained. Runs never touch the database for any of this: they
 * wait at the local gate and bind to the version it holds.
 *
 * A replica whose lease it could not renew in time closes its own gate ('lapsed') until a
 * heartbeat succeeds again: an activator no longer waits for it, so it must not admit runs on
 * what it last knew. Whatever it still finishes on a replaced version is refused by the database
 * (the invoice_runs trigger), and the run is taken up again on the new one.
 */
@Injectable()
@LifecycleParticipant({ name: 'configuration-gate', dependsOn: ['database'] })
export class ClusterGate implements Startable, Stoppable, NotificationSubscriber {
  /** This process's id in pipeline_replicas (one per boot; INSTANCE_ID need not be unique). */
  readonly replicaId = randomUUID();
  /** The gate epoch this process has applied. */
  private epoch = -1;
  /** The epoch this process's gate is closed for, while a switch holds it. */
  private closedFor: number | null = null;
  /** The latest closure this process reported (closed, with its runs in flight). */
  private acknowledged = -1;
  private cancelDrainWatch: () => void = () => undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  /** Closes the gate ('lapsed') when the lease may have run out in the database. */
  private lapseTimer?: NodeJS.Timeout;
  private unsubscribe?: () => Promise<void>;
  private running = false;

  constructor(
    private readonly gate: RunGate,
    private readonly db: PlatformDatabase,
    private readonly gates: ClusterGateRepository,
    private readonly activations: ActivationRepository,
    private readonly configurations: ConfigurationsService,
    private readonly audit: ChangeEventsService,
    private readonly listener: NotificationListener,
    private readonly metrics: ConfigurationMetrics,
    private readonly config: PipelineConfig,
    private readonly instance: InstanceConfig,
  ) {}

  /** Joined and not stopped. */
  get active(): boolean {
    return this.running;
  }

  get heartbeatMs(): number {
    return Math.max(100, Math.floor(this.config.gateLeaseMs / 3));
  }

  /** Joins: registers, applies the gate (closed or with the active version), then admits runs. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.gates.forgetGone(FORGET_AFTER_MS);
    await this.serial(async () => {
      const sentAt = performance.now();
      const state = await this.gates.join(this.replicaId, this.instance.instanceId, this.config.gateLeaseMs);
      this.renewed(sentAt);
      await this.apply(state);
    });
    this.gate.open('joining');
    if (this.listener.available) {
      this.unsubscribe = await this.listener.subscribe(CONFIGURATION_GATE_CHANNEL, this).catch((error: unknown) => {
        logger.warn({ err: error }, 'no notifications for the configuration gate; heartbeats alone keep it current');
        return undefined;
      });
    }
    this.timer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
    logger.log({ replicaId: this.replicaId, epoch: this.epoch, notifications: this.unsubscribe !== undefined }, 'joined the configuration gate');
  }

  /** Leaves (after the pipeline drained: stopped after it): activations stop waiting for this replica. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    clearTimeout(this.lapseTimer);
    this.timer = undefined;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
    await this.chain.catch(() => undefined);
    await this.gates.leave(this.replicaId).catch((error: unknown) => logger.warn({ err: error }, 'could not leave the configuration gate'));
  }

  /** NotificationSubscriber: the gate changed. */
  notify(): void {
    void this.sync();
  }

  /** NotificationSubscriber: (re)connected; changes may have been missed meanwhile. */
  connected(): void {
    void this.sync();
  }

  /** Reads the gate and applies it (after a notification, or when the caller changed it). */
  sync(): Promise<void> {
    return this.serial(async () => {
      if (!this.running) return;
      await this.apply(await this.gates.gate());
    }).catch((error: unknown) => logger.warn({ err: error }, 'reading the configuration gate failed'));
  }

  /** This process closed the gate for `epoch` itself (its activation, whose transaction acknowledged it). */
  adoptClosure(epoch: number): Promise<void> {
    return this.serial(async () => {
      if (epoch <= this.epoch) return;
      this.closeFor(epoch);
      this.acknowledged = epoch;
      this.watchDrain(epoch);
    });
  }

  /** The gate's closure that this process (or a recovery) ended: apply the open gate now. */
  adoptOpen(epoch: number): Promise<void> {
    return this.serial(async () => {
      if (epoch <= this.epoch) return;
      await this.applyOpen(epoch);
    });
  }

  private async heartbeat(): Promise<void> {
    await this.serial(async () => {
      if (!this.running) return;
      const sentAt = performance.now();
      const state =
        (await this.gates.heartbeat(this.replicaId, this.config.gateLeaseMs)) ??
        (await this.gates.join(this.replicaId, this.instance.instanceId, this.config.gateLeaseMs));
      this.renewed(sentAt);
      await this.apply(state);
      this.gate.open('lapsed');
    }).catch((error: unknown) => logger.warn({ err: error }, 'renewing the configuration gate lease failed'));
  }

  /** The lease was renewed by a statement sent at `sentAt`: new runs are admitted until shortly before it can have run out. */
  private renewed(sentAt: number): void {
    // Measured from before the statement was sent: the database's lease_until is later still.
    const validUntil = sentAt + this.config.gateLeaseMs - this.heartbeatMs / 2;
    clearTimeout(this.lapseTimer);
    this.lapseTimer = setTimeout(() => {
      if (!this.running) return;
      logger.warn({ replicaId: this.replicaId }, 'the configuration gate lease ran out (heartbeats failed): new runs wait until it is renewed');
      this.gate.close('lapsed');
    }, Math.max(0, validUntil - performance.now()));
    this.lapseTimer.unref();
  }

  private async apply(state: GateState): Promise<void> {
    if (state.epoch > this.epoch) {
      if (state.activationId) this.closeFor(state.epoch);
      else await this.applyOpen(state.epoch);
    }
    if (state.activationId && this.closedFor === state.epoch) {
      // Acknowledged once; again from a heartbeat only if that failed, or to repeat a drained report.
      if (this.acknowledged < state.epoch) {
        await this.gates.acknowledge(this.replicaId, state.epoch, this.gate.runsInFlight);
        this.acknowledged = state.epoch;
        this.watchDrain(state.epoch);
      } else if (this.gate.runsInFlight === 0) {
        await this.gates.drained(this.replicaId, state.epoch);
      }
    }
    if (state.activationId && !state.closerLive && state.closedBy !== this.replicaId) await this.recover(state);
  }

  private closeFor(epoch: number): void {
    this.gate.close('switch');
    this.epoch = epoch;
    this.closedFor = epoch;
    this.metrics.activationPending.set(1);
  }

  /** Reports drained once no run of this process is in flight (at once when none was). */
  private watchDrain(epoch: number): void {
    this.cancelDrainWatch();
    this.cancelDrainWatch = this.gate.whenDrained(() => {
      if (this.gate.runsInFlight > 0) return;
      void this.serial(async () => {
        if (this.closedFor !== epoch) return;
        await this.gates.drained(this.replicaId, epoch);
      }).catch((error: unknown) => logger.warn({ err: error, epoch }, 'reporting drained runs failed; the next heartbeat retries'));
    });
  }

  private async applyOpen(epoch: number): Promise<void> {
    const ref = await this.configurations.activeRef();
    this.cancelDrainWatch();
    this.gate.setActive(ref);
    this.epoch = epoch;
    this.closedFor = null;
    this.metrics.activeVersion.set(ref.version);
    this.metrics.activationPending.set(0);
    this.gate.open('switch');
  }

  /**
   * The replica that closed the gate is gone (its lease ran out) while its activation waited: the
   * gate reopens on the version that is active, and the activation fails.
   */
  private async recover(seen: GateState): Promise<void> {
    const opened = await this.db.transaction(async (tx) => {
      const state = await this.gates.lock(tx);
      if (!state.activationId || state.activationId !== seen.activationId || state.closerLive) return null;
      const epoch = await this.gates.open(tx);
      const message = 'interrupted: the replica that was draining runs for it stopped';
      const activation = await this.activations.byId(state.activationId, tx);
      await this.activations.finish(state.activationId, { state: 'failed', message }, tx);
      if (activation) {
        await this.audit.record(
          { configId: activation.configId, action: 'activation_failed', actor: 'system', result: 'failure', message, details: { activation_id: activation.activationId } },
          tx,
        );
      }
      return epoch;
    });
    if (opened !== null) {
      logger.warn({ activationId: seen.activationId, closedBy: seen.closedBy }, 'reopened the configuration gate held by a replica that stopped');
      await this.applyOpen(opened);
    }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
