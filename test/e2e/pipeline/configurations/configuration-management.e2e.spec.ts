import { DataSource } from 'typeorm';
import { ownerQuery } from '../../../support/migrated-data-source';
import { RunTracker } from '../../../../src/pipeline/activation/run-tracker';
import { authHeaders } from '../../../support/auth';
import { RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { TestStageModules, VALID_SELECTIONS } from '../../../support/test-stage-modules';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('module configuration management over HTTP', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let operator: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, CONFIG_ACTIVATION_DRAIN_TIMEOUT_MS: 5000 }), { imports: [TestStageModules] });
    operator = await authHeaders('operator', { subject: 'operator-olga' });
    auditor = await authHeaders('auditor', { subject: 'auditor-aldo' });
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  const call = async (method: string, path: string, body?: unknown, headers = operator) => {
    const response = await fetch(`${running.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json, headers: response.headers };
  };

  const createValidated = async (selections: unknown[] = VALID_SELECTIONS, summary = 'test') => {
    const created = await call('POST', '/configurations', { summary, selections });
    expect(created.status).toBe(201);
    const validated = await call('POST', `/configurations/${created.body.config_id}/validate`);
    expect(validated.body.valid).toBe(true);
    return created.body;
  };

  const activeVersion = async () => (await call('GET', '/configurations/active', undefined, auditor)).body.version as number;

  it('serves the seeded stages, contracts, policies and a first active configuration', async () => {
    const stages = await call('GET', '/stages', undefined, auditor);
    expect(stages.body.map((s: Json) => s.stage_id)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval', 'export']);
    expect(stages.body.filter((s: Json) => s.is_required).map((s: Json) => s.stage_id)).toEqual(['parse', 'validate', 'duplicate-check']);
    const contracts = await call('GET', '/capability-contracts', undefined, auditor);
    expect(contracts.body.map((c: Json) => c.contract_id)).toContain('parse@1.0.0');
    const policies = await call('GET', '/fallback-policies', undefined, auditor);
    expect(policies.body).toHaveLength(6);
    const active = await call('GET', '/configurations/active', undefined, auditor);
    // A new install runs version 2: the seeded version 1 plus the export stage on the pull feed.
    expect(active.body).toMatchObject({ version: 2, status: 'active', created_by: 'system', based_on_version: 1 });
    expect(active.body.selections.map((s: Json) => [s.stage_id, s.module_id])).toContainEqual(['export', 'feed']);
  });

  it('syncs the catalogue from code: test modules available, modules missing from code unavailable', async () => {
    const parse = await call('GET', '/modules?stage=parse', undefined, auditor);
    const byId = new Map(parse.body.map((m: Json) => [m.module_id, m]));
    expect(byId.get('test-parse')).toMatchObject({ status: 'available', version: '1.2.0', capability_contract_id: 'parse@1.0.0' });
    expect((byId.get('test-parse') as Json).metadata.settingsSchema).toEqual({ mode: ['isIn', 'isOptional'] });
    const services = await call('GET', '/admin/services?scope=global', undefined, await authHeaders('admin'));
    // Stage modules live in the catalogue (resolved once at boot), not in the service registry.
    expect(services.body.length).toBeGreaterThan(0);
    expect(services.body.filter((s: Json) => String(s.name).startsWith('stage-module.'))).toEqual([]);
    // Since issue 7 every seeded module is implemented in code (src/stages), so none is left unavailable.
    const unavailable = await call('GET', '/modules?status=unavailable', undefined, auditor);
    expect(unavailable.body.map((m: Json) => m.module_id)).toEqual([]);
    const fallbacks = await call('GET', '/modules?stage=parse&status=available', undefined, auditor);
    expect(fallbacks.body.map((m: Json) => m.module_id)).toEqual(expect.arrayContaining(['einvoice-xml', 'json-canonical', 'lenient-xml']));
  });

  it('rejects an invalid configuration with every reason at once and leaves the active one in force', async () => {
    const before = await activeVersion();
    const created = await call('POST', '/configurations', {
      summary: 'broken',
      selections: [
        { stage_id: 'parse', module_id: 'test-wrong-contract' },
        { stage_id: 'validate', module_id: 'test-validate-threshold', settings: { threshold: -3, colour: 'red' } },
      ],
    });
    expect(created.status).toBe(201);
    const validated = await call('POST', `/configurations/${created.body.config_id}/validate`);
    expect(validated.status).toBe(200);
    expect(validated.body.valid).toBe(false);
    expect(validated.body.configuration.status).toBe('rejected');
    const reasons = validated.body.problems.map((p: Json) => `${p.field}: ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'selections: required stage duplicate-check has no selection',
        expect.stringMatching(/^selections\[0\]\.module_id: module test-wrong-contract declares contract validate@1\.0\.0, incompatible with parse@1\.0\.0/),
        expect.stringMatching(/^selections\[1\]\.settings\.threshold: threshold must not be less than 0/),
        expect.stringMatching(/^selections\[1\]\.settings\.colour: property colour should not exist/),
      ]),
    );
    expect(await activeVersion()).toBe(before);

    const events = await call('GET', `/configuration-events?config_id=${created.body.config_id}&action=rejected`, undefined, auditor);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0].details.problems).toHaveLength(validated.body.problems.length);

    const activate = await call('POST', `/configurations/${created.body.config_id}/activate`);
    expect(activate.status).toBe(409);
    expect(activate.body).toMatchObject({ current_state: 'rejected', requested_state: 'active' });
  });

  it('validates an unsaved body without storing anything', async () => {
    const count = (await call('GET', '/configurations?limit=100', undefined, auditor)).body.items.length;
    const report = await call('POST', '/configurations/validate', { selections: [{ stage_id: 'parse', module_id: 'test-parse' }] }, auditor);
    expect(report.status).toBe(200);
    expect(report.body.valid).toBe(false);
    expect(report.body.problems).toHaveLength(2);
    expect((await call('GET', '/configurations?limit=100', undefined, auditor)).body.items.length).toBe(count);
  });

  it('refuses unknown stages and modules at creation with field errors, and bad transitions with 409', async () => {
    const bad = await call('POST', '/configurations', { selections: [{ stage_id: 'nope', module_id: 'ghost' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'selections[0].stage_id', reason: 'unknown stage nope' },
      { field: 'selections[0].module_id', reason: 'unknown module ghost' },
    ]);
    const draft = await call('POST', '/configurations', { selections: VALID_SELECTIONS });
    const early = await call('POST', `/configurations/${draft.body.config_id}/activate`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ current_state: 'draft', requested_state: 'active' });
  });

  it('activates at once with no run in flight; the previous version becomes superseded', async () => {
    const before = await activeVersion();
    const next = await createValidated();
    const activated = await call('POST', `/configurations/${next.config_id}/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ state: 'activated', configuration: { version: next.version, status: 'active' } });
    expect((await call('GET', `/configurations/${before}`, undefined, auditor)).body.status).toBe('superseded');
  });

  it('queues an activation behind a run in flight, then switches once it drains', async () => {
    const tracker = running.app.get(RunTracker);
    const slowRun = await tracker.begin();
    const old = await activeVersion();
    expect(slowRun.configVersion).toBe(old);

    const first = await createValidated(VALID_SELECTIONS, 'queued');
    const second = await createValidated(VALID_SELECTIONS, 'refused while pending');
    const queued = await call('POST', `/configurations/${first.config_id}/activate`);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ state: 'pending', activation: { state: 'pending' } });
    expect(queued.headers.get('location')).toBe(`/api/v1/configurations/activations/${queued.body.activation.activation_id}`);

    expect((await call('POST', `/configurations/${second.config_id}/activate`)).status).toBe(409);
    expect(await activeVersion()).toBe(old);

    // A run arriving now waits at the gate and starts on the new version.
    const waiting = tracker.begin();
    slowRun.end();
    const nextRun = await waiting;
    expect(nextRun.configVersion).toBe(first.version);
    nextRun.end();
    expect(await activeVersion()).toBe(first.version);
    const state = await call('GET', `/configurations/activations/${queued.body.activation.activation_id}`, undefined, auditor);
    expect(state.body).toMatchObject({ state: 'completed' });
  });

  it('fails a queued activation when runs do not drain in time, leaving the old version active', async () => {
    const short = await startApp(testConfig({ DATABASE_URL: db.url, CONFIG_ACTIVATION_DRAIN_TIMEOUT_MS: 150 }), { imports: [TestStageModules] });
    try {
      const tracker = short.app.get(RunTracker);
      const stuck = await tracker.begin();
      const old = stuck.configVersion;
      const candidate = await createValidated(VALID_SELECTIONS, 'times out');
      const queued = await fetch(`${short.baseUrl}/api/v1/configurations/${candidate.config_id}/activate`, { method: 'POST', headers: operator });
      expect(queued.status).toBe(202);
      const { activation } = (await queued.json()) as Json;

      // Runs that arrive meanwhile proceed on the old version once the drain times out.
      const waiting = await tracker.begin();
      expect(waiting.configVersion).toBe(old);
      waiting.end();
      stuck.end();

      const state = await call('GET', `/configurations/activations/${activation.activation_id}`, undefined, auditor);
      expect(state.body).toMatchObject({ state: 'failed' });
      expect(state.body.message).toMatch(/did not drain within 150 ms/);
      expect(await activeVersion()).toBe(old);
      const failures = await call('GET', `/configuration-events?config_id=${candidate.config_id}&action=activation_failed`, undefined, auditor);
      expect(failures.body.items).toHaveLength(1);
    } finally {
      await short.close();
    }
  });

  it('rolls back to the previous version as a new version with the same selections', async () => {
    const a = await createValidated([...VALID_SELECTIONS.slice(1), { stage_id: 'parse', module_id: 'test-parse', settings: { mode: 'lenient' } }], 'A');
    expect((await call('POST', `/configurations/${a.config_id}/activate`)).status).toBe(200);
    const b = await createValidated([...VALID_SELECTIONS.slice(1), { stage_id: 'parse', module_id: 'test-parse-b' }], 'B');
    expect((await call('POST', `/configurations/${b.config_id}/activate`)).status).toBe(200);

    const rolled = await call('POST', '/configurations/rollback', {});
    expect(rolled.status).toBe(200);
    const restored = rolled.body.configuration as Json;
    expect(restored.version).toBeGreaterThan(b.version);
    expect(restored.based_on_version).toBe(a.version);
    expect(restored.selections).toEqual(
      expect.arrayContaining([{ stage_id: 'parse', module_id: 'test-parse', settings: { mode: 'lenient' } }]),
    );
    expect((await call('GET', `/configurations/${b.config_id}`, undefined, auditor)).body.status).toBe('rolled_back');

    const diff = await call('GET', `/configurations/${b.version}/diff/${restored.version}`, undefined, auditor);
    const parse = diff.body.stages.find((s: Json) => s.stage_id === 'parse');
    expect(parse).toMatchObject({ module_changed: true, a: { module_id: 'test-parse-b' }, b: { module_id: 'test-parse' } });
    expect(parse.settings_changes).toEqual([{ key: 'mode', b: 'lenient' }]);

    const history = await call('GET', '/configurations?limit=100', undefined, auditor);
    const versions = history.body.items.map((c: Json) => c.version);
    expect(versions).toEqual([...versions].sort((x: number, y: number) => y - x));
    expect(versions).toEqual(expect.arrayContaining([1, a.version, b.version, restored.version]));

    const audit = await call('GET', '/configuration-events?limit=100', undefined, auditor);
    const actions = audit.body.items.map((e: Json) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['rollback_requested', 'created', 'validated', 'rolled_back', 'activated', 'superseded']));
    const mine = audit.body.items.filter((e: Json) => e.created_at >= restored.created_at);
    expect(mine.length).toBeGreaterThan(0);
    for (const event of mine) expect(event.actor).toBe('operator-olga');
    const byActor = await call('GET', '/configuration-events?actor=operator-olga&action=rollback_requested', undefined, auditor);
    expect(byActor.body.items.length).toBeGreaterThanOrEqual(1);
    const future = await call('GET', `/configuration-events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, undefined, auditor);
    expect(future.body.items).toEqual([]);

    const metrics = await fetch(`${running.baseUrl}/metrics`);
    const exposition = await metrics.text();
    expect(exposition).toMatch(new RegExp(`^config_active_version ${restored.version}$`, 'm'));
    expect(exposition).toMatch(/^config_rollbacks_total 1$/m);
    expect(exposition).toMatch(/^config_activations_total\{result="activated"\} \d+$/m);
  });

  it('refuses a rollback to a version whose modules are no longer available, with the reasons', async () => {
    const a = await createValidated([...VALID_SELECTIONS.slice(1), { stage_id: 'parse', module_id: 'test-parse-b' }], 'uses parse-b');
    expect((await call('POST', `/configurations/${a.config_id}/activate`)).status).toBe(200);
    const b = await createValidated(VALID_SELECTIONS, 'uses parse');
    expect((await call('POST', `/configurations/${b.config_id}/activate`)).status).toBe(200);
    expect((await call('PATCH', '/modules/test-parse-b', { status: 'disabled' })).status).toBe(200);
    try {
      const refused = await call('POST', '/configurations/rollback', { to_version: a.version });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        { field: 'selections[2].module_id', reason: 'module test-parse-b is not available (status disabled)' },
      ]);
      expect(await activeVersion()).toBe(b.version);
    } finally {
      expect((await call('PATCH', '/modules/test-parse-b', { status: 'available' })).status).toBe(200);
    }
  });

  it('keeps exactly one active configuration under 50 concurrent activations, each answered 200, 202 or 409 and audited', async () => {
    const candidates: Json[] = [];
    for (let i = 0; i < 50; i++) candidates.push(await createValidated(VALID_SELECTIONS, `race ${i}`));
    const responses = await Promise.all(candidates.map((c) => call('POST', `/configurations/${c.config_id}/activate`)));
    for (const response of responses) expect([200, 202, 409]).toContain(response.status);
    expect(responses.some((r) => r.status === 200)).toBe(true);

    const dataSource = running.app.get(DataSource);
    const active = await dataSource.query<Json[]>(`SELECT version FROM module_configurations WHERE status = 'active'`);
    expect(active).toHaveLength(1);
    for (const candidate of candidates) {
      const requested = await call('GET', `/configuration-events?config_id=${candidate.config_id}&action=activation_requested`, undefined, auditor);
      expect(requested.body.items).toHaveLength(1);
      const outcomes = await call('GET', `/configuration-events?config_id=${candidate.config_id}`, undefined, auditor);
      expect(outcomes.body.items.map((e: Json) => e.action)).toEqual(expect.arrayContaining([expect.stringMatching(/^(activated|activation_failed|activation_queued)$/)]));
    }
  });

  it('has the database refuse a second active row and any change to the audit trail', async () => {
    const dataSource = running.app.get(DataSource);
    await expect(
      dataSource.query(`INSERT INTO module_configurations (status, created_by) VALUES ('active', 'sql')`),
    ).rejects.toMatchObject({ constraint: 'module_configurations_one_active' });
    // The service's role may not even try; the schema owner is stopped by the trigger.
    await expect(dataSource.query(`UPDATE configuration_change_events SET actor = 'someone else'`)).rejects.toThrow(/permission denied/);
    await expect(dataSource.query(`DELETE FROM configuration_change_events`)).rejects.toThrow(/permission denied/);
    await expect(ownerQuery(dataSource, `UPDATE configuration_change_events SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(ownerQuery(dataSource, `DELETE FROM configuration_change_events`)).rejects.toThrow(/append-only/);
    await expect(
      dataSource.query(`UPDATE module_configurations SET status = 'draft' WHERE status = 'active'`),
    ).rejects.toThrow(/cannot go from active to draft/);
  });

  it('pages the history and the audit trail with opaque cursors, and refuses a cursor it never made (400 on cursor)', async () => {
    await createValidated(VALID_SELECTIONS, 'paging one');
    await createValidated(VALID_SELECTIONS, 'paging two');
    for (const list of ['/configurations', '/configuration-events']) {
      // The newest (up to) 100 in one page, then the same walked two at a time.
      const all = (await call('GET', `${list}?limit=100`, undefined, auditor)).body.items as Json[];
      expect(all.length).toBeGreaterThan(2);
      const paged: Json[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: Json } = await call('GET', `${list}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, undefined, auditor);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.body.items);
        cursor = page.body.next_cursor;
        if (cursor) expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toMatchObject({ v: 1, p: expect.any(Array) });
      } while (cursor && paged.length < all.length);
      expect(paged.slice(0, all.length)).toEqual(all);
    }
    const configurationCursor = (await call('GET', '/configurations?limit=1', undefined, auditor)).body.next_cursor as string;
    for (const target of ['/configurations?cursor=12', '/configuration-events?cursor=seq%3A12', `/configuration-events?cursor=${configurationCursor}`]) {
      const refused = await call('GET', target, undefined, auditor);
      expect({ target, status: refused.status, type: refused.headers.get('content-type') }).toEqual({ target, status: 400, type: expect.stringContaining('application/problem+json') });
      expect(refused.body.errors).toEqual([{ field: 'cursor', reason: 'must be a next_cursor value from a previous page' }]);
    }
  });

  it('lets readers read and refuses writes from roles that may not change configurations', async () => {
    const submitter = await authHeaders('submitter', { tenantId: 'default' });
    expect((await call('GET', '/configurations/active', undefined, submitter)).status).toBe(200);
    const write = await call('POST', '/configurations', { selections: VALID_SELECTIONS }, submitter);
    expect(write.status).toBe(403);
  });
});
