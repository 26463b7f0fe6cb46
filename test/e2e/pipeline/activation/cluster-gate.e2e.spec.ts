import { DataSource } from 'typeorm';
import { RunGate } from '../../../../src/pipeline/activation/run-gate';
import { RunTracker } from '../../../../src/pipeline/activation/run-tracker';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { ownerQuery } from '../../../support/migrated-data-source';
import { RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { TestStageModules, VALID_SELECTIONS } from '../../../support/test-stage-modules';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Two replicas (two apps in this process) on one database: an activation through one waits for a
 * run in flight on the other, holds new runs on both, and both start the next runs on the new
 * version; a gate left closed by a replica that is gone is reopened by the others. The gate lease
 * is short here (1 s, heartbeat every 333 ms) so that replicas without notifications (PGlite)
 * follow quickly too.
 */
describe('one activation gate for two replicas', () => {
  let db: TestDatabase;
  let a: RunningApp;
  let b: RunningApp;
  let operator: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = () => testConfig({ DATABASE_URL: db.url, CONFIG_ACTIVATION_DRAIN_TIMEOUT_MS: 15_000, CONFIG_GATE_LEASE_MS: 1_000 });
    a = await startApp(config(), { imports: [TestStageModules] });
    b = await startApp(config(), { imports: [TestStageModules] });
    operator = await authHeaders('operator', { subject: 'operator-olga' });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  const call = async (app: RunningApp, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...operator, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const validated = async (summary: string): Promise<Json> => {
    const created = await call(a, 'POST', '/configurations', { summary, selections: VALID_SELECTIONS });
    expect((await call(a, 'POST', `/configurations/${created.body.config_id}/validate`)).body.valid).toBe(true);
    return created.body;
  };
  const owner = () => a.app.get(DataSource);

  it('waits for a run in flight on the other replica, holds new runs on both, and switches both', async () => {
    const before = (await call(a, 'GET', '/configurations/active')).body.version as number;
    const inFlightOnB = await b.app.get(RunTracker).begin();
    expect(inFlightOnB.configVersion).toBe(before);
    const next = await validated('across replicas');

    const queued = await call(a, 'POST', `/configurations/${next.config_id}/activate`);
    expect(queued.status).toBe(202);
    expect(queued.body.activation).toMatchObject({ state: 'pending' });
    // Both gates are closed: new runs wait on either replica.
    await eventually(() => (b.app.get(RunGate).isClosed && a.app.get(RunGate).isClosed ? true : undefined), { timeoutMs: 5_000, describe: 'both gates closed' });
    let admitted = 0;
    const waitingOnA = a.app.get(RunTracker).begin().then((t) => (admitted++, t));
    const waitingOnB = b.app.get(RunTracker).begin().then((t) => (admitted++, t));
    expect((await call(a, 'GET', '/configurations/active')).body.version).toBe(before);
    const state = await call(b, 'GET', `/configurations/activations/${queued.body.activation.activation_id}`);
    expect(state.body.state).toBe('pending');
    expect(admitted).toBe(0);

    inFlightOnB.end();
    const [onA, onB] = await Promise.all([waitingOnA, waitingOnB]);
    expect([onA.configVersion, onB.configVersion]).toEqual([next.version, next.version]);
    onA.end();
    onB.end();
    const done = await call(b, 'GET', `/configurations/activations/${queued.body.activation.activation_id}`);
    expect(done.body).toMatchObject({ state: 'completed', runs_drained: 1 });
    expect(done.body.switch_delay_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(done.body.gate_closed_at)).toBeLessThanOrEqual(Date.parse(done.body.finished_at));
    const events = await call(a, 'GET', `/configuration-events?config_id=${next.config_id}&action=activated`);
    expect(events.body.items[0].details).toMatchObject({ runs_drained: 1, replicas: 2 });
  });

  it('activates at once when no replica has a run in flight, and reports it', async () => {
    const next = await validated('at once');
    const activated = await call(b, 'POST', `/configurations/${next.config_id}/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ state: 'activated', activation: { state: 'completed', runs_drained: 0 } });
    const onA = await a.app.get(RunTracker).begin();
    onA.end();
    expect(onA.configVersion).toBe(next.version);
  });

  it('reopens a gate held by a replica that is gone, failing its activation', async () => {
    const gone = '00000000-0000-4000-8000-000000000001';
    const [{ config_id: configId }] = await ownerQuery(owner(), `SELECT config_id FROM module_configurations WHERE status = 'active'`);
    await ownerQuery(owner(), `INSERT INTO pipeline_replicas (replica_id, instance_id, lease_until) VALUES ($1, 'gone', now() - interval '1 second')`, [gone]);
    const [{ activation_id: orphan }] = await ownerQuery(owner(), `INSERT INTO configuration_activations (config_id, requested_by) VALUES ($1, 'operator-gone') RETURNING activation_id`, [
      configId,
    ]);
    await ownerQuery(owner(), `UPDATE configuration_gate SET epoch = epoch + 1, activation_id = $1, closed_by = $2, closed_at = now()`, [orphan, gone]);
    const failed = await eventually(
      async () => {
        const state = (await call(a, 'GET', `/configurations/activations/${orphan}`)).body;
        return state.state === 'failed' ? state : undefined;
      },
      { timeoutMs: 10_000, describe: 'the orphaned activation to fail' },
    );
    expect(failed.message).toMatch(/^interrupted: the replica that was draining runs for it stopped/);
    await eventually(() => (!a.app.get(RunGate).isClosed && !b.app.get(RunGate).isClosed ? true : undefined), { timeoutMs: 10_000, describe: 'both gates open' });
    const events = await call(a, 'GET', `/configuration-events?config_id=${configId}&action=activation_failed`);
    expect(events.body.items.map((e: Json) => e.actor)).toContain('system');
    // And the next activation goes through.
    const next = await validated('after the orphan');
    expect((await call(a, 'POST', `/configurations/${next.config_id}/activate`)).status).toBe(200);
  });
});
