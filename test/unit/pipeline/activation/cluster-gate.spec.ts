import { InstanceConfig } from '../../../../src/framework/config';
import type { NotificationListener } from '../../../../src/framework/database/notification-listener';
import type { PlatformDatabase } from '../../../../src/framework/database/platform-database';
import type { ActivationRepository } from '../../../../src/pipeline/activation/activation.repository';
import { ClusterGate } from '../../../../src/pipeline/activation/cluster-gate';
import type { ClusterGateRepository, GateState } from '../../../../src/pipeline/activation/cluster-gate.repository';
import { RunGate } from '../../../../src/pipeline/activation/run-gate';
import type { ChangeEventsService } from '../../../../src/pipeline/audit/change-events.service';
import type { ConfigurationMetrics } from '../../../../src/pipeline/configurations/configuration-metrics';
import type { ConfigurationsService } from '../../../../src/pipeline/configurations/configurations.service';
import { PipelineConfig } from '../../../../src/pipeline/pipeline.config';
import { eventually } from '../../../support/eventually';

const open = (epoch: number): GateState => ({ epoch, activationId: null, closedBy: null, closerLive: true, closedForMs: 0 });
const closed = (epoch: number): GateState => ({ epoch, activationId: 'activation', closedBy: 'other-replica', closerLive: true, closedForMs: 5 });

/** A replica's side of the cluster gate, against a scripted database: what it admits, when, and what it reports. */
describe('ClusterGate', () => {
  let gate: RunGate;
  let cluster: ClusterGate;
  let state: GateState;
  let heartbeatFails: boolean;
  let active: { configId: string; version: number };
  let reports: string[];

  beforeEach(async () => {
    gate = new RunGate();
    state = open(0);
    heartbeatFails = false;
    active = { configId: 'c1', version: 1 };
    reports = [];
    const gates = {
      forgetGone: async () => undefined,
      join: async () => state,
      heartbeat: async () => {
        if (heartbeatFails) throw new Error('connection refused');
        return state;
      },
      gate: async () => state,
      acknowledge: async (_replica: string, epoch: number, runs: number) => void reports.push(`closed ${epoch} with ${runs}`),
      drained: async (_replica: string, epoch: number) => void reports.push(`drained ${epoch}`),
      leave: async () => void reports.push('left'),
    } as unknown as ClusterGateRepository;
    const configurations = { activeRef: async () => ({ ...active }) } as unknown as ConfigurationsService;
    const gauge = { set: () => undefined };
    const metrics = { activeVersion: gauge, activationPending: gauge } as unknown as ConfigurationMetrics;
    const listener = { available: false } as unknown as NotificationListener;
    // A 600 ms lease: renewed every 200 ms, new runs stop 500 ms after the last renewal was sent.
    const config = Object.assign(new PipelineConfig(), { gateLeaseMs: 600 });
    const instance = Object.assign(new InstanceConfig(), { instanceId: 'replica-1' });
    cluster = new ClusterGate(
      gate,
      {} as PlatformDatabase,
      gates,
      {} as ActivationRepository,
      configurations,
      {} as ChangeEventsService,
      listener,
      metrics,
      config,
      instance,
    );
    await cluster.start();
  });

  afterEach(() => cluster.stop());

  it('admits runs on the active version once joined, and leaves the gate when stopped', async () => {
    expect(gate.isClosed).toBe(false);
    expect(gate.active).toEqual({ configId: 'c1', version: 1 });
    await cluster.stop();
    expect(reports).toEqual(['left']);
  });

  it('follows a closure from its heartbeat: closes, reports its runs in flight, then drained; reopens on the new version', async () => {
    await gate.enter();
    state = closed(1);
    await eventually(() => (gate.reasons.includes('switch') ? true : undefined), { timeoutMs: 2_000, describe: 'the closure applied' });
    await eventually(() => (reports.includes('closed 1 with 1') ? true : undefined), { timeoutMs: 2_000, describe: 'the closure acknowledged' });
    gate.leave();
    await eventually(() => (reports.includes('drained 1') ? true : undefined), { timeoutMs: 2_000, describe: 'the drain reported' });
    active = { configId: 'c2', version: 2 };
    state = open(2);
    await eventually(() => (!gate.isClosed ? true : undefined), { timeoutMs: 2_000, describe: 'the gate reopened' });
    expect(await gate.enter()).toEqual({ configId: 'c2', version: 2 });
    gate.leave();
  });

  it('admits no new run once its lease may have run out, and catches up before admitting again', async () => {
    heartbeatFails = true;
    await eventually(() => (gate.reasons.includes('lapsed') ? true : undefined), { timeoutMs: 2_000, describe: 'the lease to lapse' });
    let admitted: { configId: string; version: number } | undefined;
    const waiting = gate.enter().then((ref) => (admitted = ref));
    // Meanwhile the cluster switched without this replica.
    active = { configId: 'c3', version: 3 };
    state = open(4);
    expect(admitted).toBeUndefined();
    heartbeatFails = false;
    await waiting;
    expect(admitted).toEqual({ configId: 'c3', version: 3 });
    gate.leave();
  });
});
