import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TenantDatabase } from '../../../../src/framework/database';
import { PlatformDatabase } from '../../../../src/framework/database/platform-database';
import { ClusterGateRepository } from '../../../../src/pipeline/activation/cluster-gate.repository';
import type { RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunResult } from '../../../../src/pipeline/run/run-result';
import { eventually } from '../../../support/eventually';
import { insertInvoice } from '../../../support/factories';
import { ownerQuery, useMigratedDatabase } from '../../../support/migrated-data-source';
import { runQueueOn } from '../../../support/run-queue';

/** The cluster gate's statements and its fence, on the real database as the service's role. */
describe('cluster activation gate (real database)', () => {
  const database = useMigratedDatabase();
  let owner: DataSource;
  let service: DataSource;
  let gates: ClusterGateRepository;
  let platform: PlatformDatabase;

  beforeAll(async () => {
    owner = database.dataSource;
    service = await database.serviceDataSource();
    platform = new PlatformDatabase(service);
    gates = new ClusterGateRepository(platform);
  });

  afterEach(async () => {
    await ownerQuery(owner, `UPDATE configuration_gate SET activation_id = NULL, closed_by = NULL, closed_at = NULL`);
    await ownerQuery(owner, `DELETE FROM pipeline_replicas`);
    await ownerQuery(owner, `UPDATE configuration_activations SET state = 'failed' WHERE state = 'pending'`);
  });

  const activeConfig = async (): Promise<{ config_id: string; version: number }> =>
    (await ownerQuery(owner, `SELECT config_id, version FROM module_configurations WHERE status = 'active'`))[0];

  /** A pending activation holding the gate, as ActivationService closes it; the new epoch. */
  const close = async (closer: string): Promise<number> => {
    const { config_id: configId } = await activeConfig();
    return platform.transaction(async (tx) => {
      await gates.lock(tx);
      const [{ activation_id: activationId }] = await tx.query(
        `INSERT INTO configuration_activations (config_id, requested_by) VALUES ($1, 'test') RETURNING activation_id`,
        [configId],
      );
      return gates.close(tx, activationId, closer);
    });
  };

  it('tracks each live replica through a closure: closed with its runs in flight, then drained', async () => {
    const [a, b, gone] = [randomUUID(), randomUUID(), randomUUID()];
    const open = await gates.join(a, 'replica-a', 10_000);
    expect(open).toMatchObject({ activationId: null, closerLive: true, closedForMs: 0 });
    await gates.join(b, 'replica-b', 10_000);
    await gates.join(gone, 'replica-gone', 10_000);
    await ownerQuery(owner, `UPDATE pipeline_replicas SET lease_until = now() - interval '1 second' WHERE replica_id = $1`, [gone]);

    const epoch = await close(a);
    expect(epoch).toBe(open.epoch + 1);
    expect(await gates.progress(epoch)).toMatchObject({ live: 2, closed: 0, drained: 0, runsInFlight: 0, waitingFor: ['replica-a', 'replica-b'] });
    await gates.acknowledge(a, epoch, 0);
    await gates.acknowledge(b, epoch, 3);
    expect(await gates.progress(epoch)).toMatchObject({ live: 2, closed: 2, drained: 1, runsInFlight: 3, waitingFor: ['replica-b'] });
    await gates.drained(b, epoch);
    expect(await gates.progress(epoch)).toMatchObject({ live: 2, closed: 2, drained: 2, runsInFlight: 3, waitingFor: [] });
    // A drained report for an epoch the replica never closed for changes nothing.
    await gates.drained(b, epoch + 5);
    expect(await gates.progress(epoch + 5)).toMatchObject({ drained: 0 });

    const seen = await gates.heartbeat(b, 10_000);
    expect(seen).toMatchObject({ epoch, closedBy: a, closerLive: true });
    expect(await gates.heartbeat(randomUUID(), 10_000)).toBeNull();

    const reopened = await platform.transaction(async (tx) => {
      await gates.lock(tx);
      return gates.open(tx);
    });
    expect(reopened).toBe(epoch + 1);
    expect(await gates.gate()).toMatchObject({ epoch: epoch + 1, activationId: null, closedBy: null });
    await gates.leave(a);
    expect((await gates.progress(epoch)).live).toBe(1);
  });

  it('sees a closer whose lease ran out as gone', async () => {
    const closer = randomUUID();
    await gates.join(closer, 'closer', 10_000);
    await close(closer);
    expect(await gates.gate()).toMatchObject({ closedBy: closer, closerLive: true });
    await ownerQuery(owner, `UPDATE pipeline_replicas SET lease_until = now() - interval '1 second' WHERE replica_id = $1`, [closer]);
    expect(await gates.gate()).toMatchObject({ closedBy: closer, closerLive: false });
  });

  it('keeps the gate whole and announces every change', async () => {
    await expect(ownerQuery(owner, `UPDATE configuration_gate SET closed_by = gen_random_uuid()`)).rejects.toMatchObject({ constraint: 'configuration_gate_closed_whole' });
    await expect(ownerQuery(owner, `INSERT INTO configuration_gate (gate_id) VALUES (2)`)).rejects.toMatchObject({ constraint: 'configuration_gate_one_row' });
    if (database.kind === 'embedded') return; // PGlite's socket delivers no notification across connections
    const listener = service.createQueryRunner();
    const heard: string[] = [];
    try {
      await listener.connect();
      const client = (listener as unknown as { databaseConnection: { on(e: string, f: (m: { channel: string; payload: string }) => void): void } }).databaseConnection;
      client.on('notification', (message) => heard.push(`${message.channel}:${message.payload}`));
      await listener.query('LISTEN configuration_gate');
      const epoch = await close(randomUUID());
      await eventually(() => (heard.length > 0 ? true : undefined), { timeoutMs: 5_000, describe: 'the notification' });
      expect(heard).toEqual([`configuration_gate:${epoch}`]);
    } finally {
      await listener.release();
    }
  });

  it('refuses the result of a run on a configuration that is no longer active: the run stays claimed, as if the claim was lost', async () => {
    const queue: RunQueue = runQueueOn(service);
    const tenants = new TenantDatabase(service);
    const { config_id: activeId, version } = await activeConfig();
    const [{ config_id: replacedId }] = await ownerQuery(
      owner,
      `INSERT INTO module_configurations (status, created_by, summary) VALUES ('validated', 'test', 'not active') RETURNING config_id`,
    );
    const result = (configId: string): RunResult => ({
      status: 'completed',
      failureReason: null,
      reviewRequired: false,
      configId,
      configVersion: version,
      records: [],
      state: { tenantId: 'default', invoiceId: '', runId: '', document: Buffer.alloc(0), contentType: 'application/xml' },
    });
    for (const [configId, recorded] of [[replacedId, false], [activeId, true]] as const) {
      const invoiceId = await insertInvoice(owner);
      await tenants.transaction('default', (manager) => queue.enqueue(manager, { tenantId: 'default', invoiceId, trigger: 'submit' }));
      const claimed = (await queue.claim(60_000))!;
      expect(claimed.invoiceId).toBe(invoiceId);
      const finished = await queue.finish(claimed, result(configId));
      expect(finished !== null).toBe(recorded);
      const [run] = await ownerQuery(owner, `SELECT status, config_id FROM invoice_runs WHERE run_id = $1`, [claimed.runId]);
      expect(run).toEqual(recorded ? { status: 'completed', config_id: activeId } : { status: 'running', config_id: null });
      const [invoice] = await ownerQuery(owner, `SELECT status FROM invoices WHERE id = $1`, [invoiceId]);
      expect(invoice.status).toBe(recorded ? 'completed' : 'processing');
    }
  });
});
