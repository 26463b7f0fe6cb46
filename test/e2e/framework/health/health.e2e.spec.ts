import { DataSource } from 'typeorm';
import { EventBus, TOPICS } from '../../../../src/framework/events';
import { HealthContributor, HealthOutcome, HealthService, HealthSnapshot } from '../../../../src/framework/health';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';

/** A contributor the test sets by hand. */
class ManualContributor implements HealthContributor {
  outcome: HealthOutcome = { status: 'healthy', message: 'fine' };
  constructor(
    readonly name: string,
    readonly optional: boolean,
  ) {}
  async check(): Promise<HealthOutcome> {
    return this.outcome;
  }
}

describe('health probes over real HTTP', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let health: HealthService;
  const optionalModule = new ManualContributor('test-optional', true);
  const requiredModule = new ManualContributor('test-required', false);
  const get = (path: string) => fetch(running.baseUrl + path);

  beforeAll(async () => {
    db = await createTestDatabase();
    // HEALTH_CACHE_MS=0: every probe evaluates, so each step below sees its own change.
    running = await startApp(testConfig({ DATABASE_URL: db.url, HEALTH_CACHE_MS: 0, SCHEDULER_ENABLED: false }));
    health = running.app.get(HealthService);
    health.register(optionalModule);
    health.register(requiredModule);
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  beforeEach(() => {
    optionalModule.outcome = { status: 'healthy', message: 'fine' };
    requiredModule.outcome = { status: 'healthy', message: 'fine' };
  });

  it('answers liveness without credentials', async () => {
    const response = await get('/health/live');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok' });
  });

  it('reports every module in the snapshot, database, scheduler and event bus included', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    const snapshot = await json<HealthSnapshot>(response);
    expect(snapshot.overall_status).toBe('healthy');
    expect(snapshot.readiness_status).toBe('healthy');
    expect(Date.parse(snapshot.generated_at)).not.toBeNaN();
    const byName = Object.fromEntries(snapshot.modules.map((m) => [m.name, m]));
    expect(byName.database).toMatchObject({ status: 'healthy', optional: false });
    expect(byName.scheduler).toMatchObject({ status: 'healthy', optional: true });
    expect(byName['event-bus']).toMatchObject({ status: 'healthy', optional: true });
    expect(byName['activation-queue']).toMatchObject({ status: 'healthy', optional: true });
    for (const module of snapshot.modules) expect(Object.keys(module).sort()).toEqual(['message', 'name', 'optional', 'status', 'timestamp']);
  });

  it('stays ready when an optional module is unhealthy, while the snapshot says unhealthy', async () => {
    optionalModule.outcome = { status: 'unhealthy', message: 'circuit open' };
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect((await json(ready)).status).toBe('healthy');
    const snapshot = await get('/health');
    expect(snapshot.status).toBe(503);
    const body = await json<HealthSnapshot>(snapshot);
    expect(body).toMatchObject({ overall_status: 'unhealthy', readiness_status: 'healthy' });
    expect(body.modules.find((m) => m.name === 'test-optional')).toMatchObject({ status: 'unhealthy', message: 'circuit open', optional: true });
  });

  it('shows degraded with HTTP 200', async () => {
    requiredModule.outcome = { status: 'degraded', message: 'slow' };
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect((await json(ready)).status).toBe('degraded');
    const snapshot = await get('/health');
    expect(snapshot.status).toBe(200);
    expect(await json(snapshot)).toMatchObject({ overall_status: 'degraded', readiness_status: 'degraded' });
  });

  it('turns readiness 503 when a required module is unhealthy', async () => {
    requiredModule.outcome = { status: 'unhealthy', message: 'down' };
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    const body = await json(ready);
    expect(body.status).toBe('unhealthy');
    expect(body.modules.find((m: { name: string }) => m.name === 'test-required')).toMatchObject({ status: 'unhealthy', message: 'down' });
  });

  it('counts a check that throws as unhealthy, with its message', async () => {
    const throwing: HealthContributor = { name: 'test-throwing', optional: true, check: () => Promise.reject(new Error('boom')) };
    health.register(throwing);
    const body = await json<HealthSnapshot>(await get('/health'));
    expect(body.modules.find((m) => m.name === 'test-throwing')).toMatchObject({ status: 'unhealthy', message: 'check failed: boom' });
  });

  it('persists the latest status per module and a history row per change only', async () => {
    requiredModule.outcome = { status: 'unhealthy', message: 'down' };
    await get('/health');
    await get('/health');
    requiredModule.outcome = { status: 'healthy', message: 'back' };
    await get('/health');
    await get('/health');
    await health.settled();
    const dataSource = running.app.get(DataSource);
    const [latest] = await dataSource.query(`SELECT status, optional FROM health_module_status WHERE module_name = 'test-required'`);
    expect(latest).toEqual({ status: 'healthy', optional: false });
    const history: Array<{ status: string; previous_status: string | null }> = await dataSource.query(
      `SELECT status, previous_status FROM health_status_history WHERE module_name = 'test-required' ORDER BY changed_at, status`,
    );
    // Each consecutive pair is a real change; repeated evaluations with the same status wrote nothing.
    for (let i = 1; i < history.length; i++) expect(history[i].previous_status).toBe(history[i - 1].status);
    for (const row of history) expect(row.status).not.toBe(row.previous_status);
    expect(history.at(-2)).toEqual({ status: 'unhealthy', previous_status: expect.any(String) });
    expect(history.at(-1)).toEqual({ status: 'healthy', previous_status: 'unhealthy' });
  });

  it('publishes HealthEvaluated after each evaluation', async () => {
    const bus = running.app.get(EventBus);
    const received = new Promise<HealthSnapshot>((resolve) => {
      const unsubscribe = bus.subscribe<HealthSnapshot>(TOPICS.healthEvaluated, (message) => {
        unsubscribe();
        resolve(message.payload);
      }, { name: 'test' });
    });
    const body = await json<HealthSnapshot>(await get('/health'));
    expect((await received).generated_at).toBe(body.generated_at);
  });
});

describe('health snapshot cache', () => {
  let db: TestDatabase;
  let running: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, HEALTH_CACHE_MS: 60000, SCHEDULER_ENABLED: false }));
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('serves the same snapshot within HEALTH_CACHE_MS, even to concurrent probes', async () => {
    const health = running.app.get(HealthService);
    let checks = 0;
    health.register({ name: 'test-counting', optional: true, check: async () => ({ status: 'healthy', message: `check ${++checks}` }) });
    const bodies = await Promise.all([1, 2, 3, 4].map(async () => json<HealthSnapshot>(await fetch(`${running.baseUrl}/health`))));
    const ready = await json(await fetch(`${running.baseUrl}/health/ready`));
    expect(new Set(bodies.map((b) => b.generated_at)).size).toBe(1);
    expect(ready.generated_at).toBe(bodies[0].generated_at);
    expect(checks).toBe(1);
  });
});
