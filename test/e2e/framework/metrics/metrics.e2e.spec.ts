import { randomUUID } from 'node:crypto';
import { EventBus } from '../../../../src/framework/events';
import { authHeaders } from '../../../support/auth';
import { RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { promtoolCheckMetrics, unexpectedLintFindings } from '../../../support/promtool';

describe('/metrics over real HTTP', () => {
  let db: TestDatabase;
  let running: RunningApp;
  const url = (path: string) => running.baseUrl + path;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, SCHEDULER_ENABLED: false }));
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('serves a valid Prometheus exposition (checked by promtool) with process, HTTP, scheduler and event metrics', async () => {
    await fetch(url('/health/live'));
    await fetch(url('/health'));
    const bus = running.app.get(EventBus);
    bus.subscribe('test.metrics.topic', () => undefined, { name: 'metrics-test' });
    bus.publish('test.metrics.topic', { n: 1 });
    await bus.idle();

    const response = await fetch(url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const body = await response.text();

    const check = promtoolCheckMetrics(body);
    expect({ promtoolInstalled: !check.missing }).toEqual({ promtoolInstalled: true });
    // 0: clean, 3: lint findings only (checked below), 1: not parseable.
    expect({ parsed: check.status === 0 || check.status === 3, output: check.output }).toEqual({ parsed: true, output: check.output });
    expect(unexpectedLintFindings(check.output)).toEqual([]);

    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} [1-9]/);
    expect(body).toContain('# TYPE scheduler_fires_total counter');
    expect(body).toContain('# TYPE scheduler_job_duration_seconds histogram');
    expect(body).toMatch(/events_deliveries_total\{topic="test.metrics.topic",subscriber="metrics-test",outcome="ok"\} 1/);
    expect(body).toMatch(/health_module_status\{module="database"\} 0/);
    expect(body).toContain('# TYPE metrics_cardinality_warnings_total counter');
  });

  it('labels requests with the route template, never the raw URL', async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await fetch(url(`/api/v1/invoices/${id}`), { headers: { ...(await authHeaders('admin')), 'x-tenant-id': 'default' } });
    await fetch(url(`/no/such/route/${randomUUID()}`));
    const body = await (await fetch(url('/metrics'))).text();
    for (const id of ids) expect(body).not.toContain(id);
    expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/invoices\/:id",status_code="\d{3}"\} 2/);
    expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let db: TestDatabase;
  let running: RunningApp;
  const token = 'metrics-token-0123456789abcdef';

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(testConfig({ DATABASE_URL: db.url, SCHEDULER_ENABLED: false, METRICS_TOKEN: token }));
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('refuses scrapes without the bearer token and serves them with it', async () => {
    const anonymous = await fetch(`${running.baseUrl}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await fetch(`${running.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expect(wrong.status).toBe(401);
    const scraped = await fetch(`${running.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('# TYPE http_request_duration_seconds histogram');
    expect(running.logs.raw.join('\n')).not.toContain(token);
  });
});
