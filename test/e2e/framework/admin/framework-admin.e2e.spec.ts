import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReloadEvent, ConfigReloadEvents } from '../../../../src/framework/config/reload';
import { eventually } from '../../../support/eventually';
import { authHeaders } from '../../../support/auth';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';

const SECRET_MARKER = 'sEcReT-marker-7f3a';

describe('framework core admin endpoints', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let configFile: string;
  const reloadEvents: ConfigReloadEvent[] = [];

  const writeConfig = (lines: string[]) => writeFileSync(configFile, lines.join('\n') + '\n');
  const get = async (path: string) => fetch(running.baseUrl + path, { headers: await authHeaders('admin') });
  const reload = async () => fetch(running.baseUrl + '/api/v1/admin/config/reload', { method: 'POST', headers: await authHeaders('admin') });
  const debugLines = () => running.logs.lines.filter((l) => l.level === 20 && String(l.msg).startsWith('listing '));

  beforeAll(async () => {
    db = await createTestDatabase();
    configFile = join(mkdtempSync(join(tmpdir(), 'framework-e2e-')), 'config.yaml');
    writeConfig(['LOG_LEVEL: info', 'shutdown:', '  timeoutMs: 5000']);
    // The database URL carries a marker (a harmless application_name) to prove secrets never leak.
    const url = new URL(db.url);
    url.searchParams.set('application_name', SECRET_MARKER);
    // LOG_LEVEL: undefined lets the configuration file feed it (testConfig overrides it otherwise).
    running = await startApp(testConfig({ DATABASE_URL: url.toString(), CONFIG_FILE: configFile, LOG_LEVEL: undefined }));
    running.app.get(ConfigReloadEvents).subscribe('test', (event) => void reloadEvents.push(event));
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('lists the module states and the persisted lifecycle events of the boot', async () => {
    const body = await eventually(async () => {
      const response = await get('/api/v1/admin/lifecycle?limit=100');
      expect(response.status).toBe(200);
      const listing = await json<{ modules: unknown[]; events: Array<{ module: string; phase: string }> }>(response);
      const started = listing.events.filter((e) => e.phase === 'started').map((e) => e.module);
      return started.includes('database') && started.includes('logging') ? listing : undefined;
    });
    expect(body.modules).toEqual(expect.arrayContaining([{ module: 'database', state: 'started', depends_on: [] }, { module: 'logging', state: 'started', depends_on: [] }]));
    const event = body.events.find((e) => e.module === 'database' && e.phase === 'started');
    expect(event).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      module: 'database',
      phase: 'started',
      details: { duration_ms: expect.any(Number) },
      correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      // The replica that recorded it: INSTANCE_ID, which defaults to the host name.
      instance_id: hostname(),
    });
    const filtered = await json(await get('/api/v1/admin/lifecycle?module=database'));
    expect(new Set(filtered.events.map((e: { module: string }) => e.module))).toEqual(new Set(['database']));
  });

  it('lists the published services, filtered by scope', async () => {
    const all = await json(await get('/api/v1/admin/services'));
    expect(all.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['lifecycle', 'config.reload', 'logging.level']));
    expect(all.find((d: { name: string }) => d.name === 'logging.level')).toMatchObject({
      interface: 'Reloadable',
      scope: 'global',
      priority: 0,
      provider_module: 'ConfigReloadModule',
    });
    expect(await json(await get('/api/v1/admin/services?scope=tenant'))).toEqual([]);
    const bad = await get('/api/v1/admin/services?scope=galaxy');
    expect(bad.status).toBe(400);
  });

  it('shows the effective configuration with provenance per feeder, secrets redacted', async () => {
    const response = await get('/api/v1/admin/config');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(SECRET_MARKER);
    const view = JSON.parse(text) as { precedence: string[]; config_file: string; settings: Array<Record<string, unknown>> };
    expect(view.precedence).toEqual(['default', 'file', 'dotenv', 'env', 'override']);
    expect(view.config_file).toBe(configFile);
    const entry = (env: string) => view.settings.find((s) => s.env === env);
    expect(entry('DATABASE_URL')).toMatchObject({ value: '[REDACTED]', source: 'override', secret: true });
    expect(entry('LOG_LEVEL')).toMatchObject({ value: 'info', source: 'file', dynamic: true });
    expect(entry('SHUTDOWN_TIMEOUT_MS')).toMatchObject({ value: 5000, source: 'file' });
    expect(entry('BODY_LIMIT_BYTES')).toMatchObject({ value: 5242880, source: 'default', dynamic: false });
  });

  it('reloads LOG_LEVEL without a restart: debug lines appear after raising it', async () => {
    expect((await get('/api/v1/admin/services')).status).toBe(200);
    expect(debugLines()).toEqual([]);

    writeConfig(['LOG_LEVEL: debug', 'shutdown:', '  timeoutMs: 5000']);
    const response = await reload();
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result.changed).toEqual([{ env: 'LOG_LEVEL', from: 'info', to: 'debug', source: 'file' }]);
    expect(result.reloaded).toContain('logging');

    expect((await get('/api/v1/admin/services')).status).toBe(200);
    await eventually(() => (debugLines().length > 0 ? true : undefined));
    expect(debugLines()[0]).toMatchObject({ context: 'ServicesAdmin' });

    // Same feeders again: a no-op.
    expect((await json(await reload())).changed).toEqual([]);
    await eventually(() => (reloadEvents.some((e) => e.type === 'ConfigReloadNoop') ? true : undefined));
    const completed = reloadEvents.find((e) => e.type === 'ConfigReloadCompleted');
    expect(completed).toMatchObject({ changed: ['LOG_LEVEL'], success: true, duration_ms: expect.any(Number) });
    expect(reloadEvents.map((e) => e.type)).toEqual(['ConfigReloadStarted', 'ConfigReloadCompleted', 'ConfigReloadStarted', 'ConfigReloadNoop']);
  });

  it('refuses a change to a static field as restart required, and applies nothing', async () => {
    writeConfig(['LOG_LEVEL: warn', 'BODY_LIMIT_BYTES: 2048', 'shutdown:', '  timeoutMs: 5000']);
    const response = await reload();
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json(response);
    expect(problem).toMatchObject({
      type: 'urn:invoice-service:problem:conflict',
      detail: 'restart required: BODY_LIMIT_BYTES cannot change at runtime; nothing was applied',
      restartRequired: ['BODY_LIMIT_BYTES'],
    });
    const view = await json<{ settings: Array<{ env: string; value: unknown }> }>(await get('/api/v1/admin/config'));
    const value = (env: string) => view.settings.find((s) => s.env === env)?.value;
    expect(value('LOG_LEVEL')).toBe('debug');
    expect(value('BODY_LIMIT_BYTES')).toBe(5242880);
    await eventually(() => (reloadEvents.some((e) => e.type === 'ConfigReloadCompleted' && !e.success) ? true : undefined));
  });

  it('refuses an invalid re-read configuration with every problem (422)', async () => {
    writeConfig(['LOG_LEVEL: loud', 'PORT: eighty']);
    const response = await reload();
    expect(response.status).toBe(422);
    const problem = await json(response);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'PORT', source: 'file', reason: 'must be a number' },
        expect.objectContaining({ field: 'LOG_LEVEL', source: 'file' }),
      ]),
    );
  });

  it('lets auditors read the lifecycle and services but not the configuration', async () => {
    const as = async (role: 'auditor' | 'submitter', path: string, method = 'GET') =>
      (await fetch(running.baseUrl + path, { method, headers: await authHeaders(role) })).status;
    expect(await as('auditor', '/api/v1/admin/lifecycle')).toBe(200);
    expect(await as('auditor', '/api/v1/admin/services')).toBe(200);
    expect(await as('auditor', '/api/v1/admin/config')).toBe(403);
    expect(await as('auditor', '/api/v1/admin/config/reload', 'POST')).toBe(403);
    expect(await as('submitter', '/api/v1/admin/lifecycle')).toBe(403);
    expect((await fetch(running.baseUrl + '/api/v1/admin/lifecycle')).status).toBe(401);
  });

  it('never writes a secret value to the logs', () => {
    expect(running.logs.raw.length).toBeGreaterThan(0);
    expect(running.logs.raw.filter((line) => line.includes(SECRET_MARKER))).toEqual([]);
  });
});
