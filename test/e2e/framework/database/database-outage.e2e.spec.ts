import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { PrivatePostgres, startPrivatePostgres } from '../../../support/private-postgres';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';
import { FINAL_INVOICE_STATUSES } from '../../../../src/domain/invoice-status';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const UBL = readFileSync(join(EXAMPLES, 'ubl', 'guide-example1.xml'));
const FINAL: string[] = [...FINAL_INVOICE_STATUSES];

/**
 * PostgreSQL dies under the running service (pg_ctl stop -m immediate) and comes back: clients get
 * 503 problem+json with Retry-After, never a 500; readiness notices within a second and recovers
 * within five; no invoice accepted before the outage is lost.
 */
describe('database outage', () => {
  let pg: PrivatePostgres;
  let running: RunningApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    // Defaults for the probes (HEALTH_CACHE_MS, HEALTH_CHECK_TIMEOUT_MS); a short run lease so a run
    // cut by the outage is taken up again within the test.
    running = await startApp(testConfig({ DATABASE_URL: pg.url, PIPELINE_WORKER_POLL_MS: 200, PIPELINE_RUN_LEASE_MS: 2000 }));
    headers = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    await pg?.destroy();
  });

  const submit = (body: Buffer = UBL) =>
    fetch(`${running.baseUrl}/api/v1/invoices`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body });
  const ready = async () => (await fetch(`${running.baseUrl}/health/ready`)).status;

  it('answers 503 problem+json with Retry-After while PostgreSQL is down, and recovers when it is back', async () => {
    const accepted: string[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await submit();
      expect(response.status).toBe(202);
      accepted.push((await json(response)).id);
    }
    expect(await ready()).toBe(200);

    await pg.stopImmediately();
    const down = performance.now();
    await eventually(async () => ((await ready()) === 503 ? true : undefined), { timeoutMs: 1000, describe: 'readiness 503 within 1 s of the outage' });
    const noticedMs = performance.now() - down;
    // The probes are public: they say the database is unreachable, not where it lives or what pg said.
    const probe = await (await fetch(`${running.baseUrl}/health/ready`)).text();
    expect(probe).toContain('database unreachable');
    expect(probe).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|[Cc]onnection terminated|:\d{4,5}\b/);

    const routes: Array<[string, () => Promise<Response>]> = [
      ['POST /invoices', () => submit()],
      ['GET /invoices', () => fetch(`${running.baseUrl}/api/v1/invoices`, { headers })],
      ['GET /invoices/:id', () => fetch(`${running.baseUrl}/api/v1/invoices/${accepted[0]}`, { headers })],
      ['POST /invoices/:id/reprocess', () => fetch(`${running.baseUrl}/api/v1/invoices/${accepted[0]}/reprocess`, { method: 'POST', headers })],
      ['GET /configurations', () => fetch(`${running.baseUrl}/api/v1/configurations`, { headers })],
      ['GET /configurations/active', () => fetch(`${running.baseUrl}/api/v1/configurations/active`, { headers })],
      ['GET /fallback-policies', () => fetch(`${running.baseUrl}/api/v1/fallback-policies`, { headers })],
      ['GET /admin/tenants', () => fetch(`${running.baseUrl}/api/v1/admin/tenants`, { headers })],
      ['GET /configuration-events', () => fetch(`${running.baseUrl}/api/v1/configuration-events`, { headers })],
    ];
    for (const [name, call] of routes) {
      const response = await call();
      const body = await response.text();
      expect({ name, status: response.status }).toEqual({ name, status: 503 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      const problem = JSON.parse(body) as Json;
      expect(problem).toMatchObject({ type: 'urn:invoice-service:problem:dependency-error', status: 503 });
      // Nothing of the driver reaches the client.
      expect(body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminat|postgres|QueryFailed/i);
    }
    // Validation needs no stored data; it either still answers or says 503, never 500.
    const validated = await fetch(`${running.baseUrl}/api/v1/validate`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml' }, body: UBL });
    expect([200, 503]).toContain(validated.status);
    // The process stays alive throughout.
    expect((await fetch(`${running.baseUrl}/health/live`)).status).toBe(200);

    await pg.start();
    const back = performance.now();
    await eventually(async () => ((await ready()) === 200 ? true : undefined), { timeoutMs: 5000, intervalMs: 50, describe: 'readiness 200 within 5 s of recovery' });
    const readyMs = performance.now() - back;
    const after = await eventually(
      async () => {
        const response = await submit();
        return response.status === 202 ? ((await json(response)).id as string) : undefined;
      },
      { timeoutMs: 5000, intervalMs: 50, describe: 'intake 202 within 5 s of recovery' },
    );
    const intakeMs = performance.now() - back;

    // Every invoice accepted before the outage (and the one after) is there and reaches a verdict.
    for (const id of [...accepted, after]) {
      const status = await eventually(
        async () => {
          const response = await fetch(`${running.baseUrl}/api/v1/invoices/${id}`, { headers });
          const invoice = response.status === 200 ? await json<Json>(response) : undefined;
          return invoice && FINAL.includes(invoice.status) ? (invoice.status as string) : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 100, describe: () => `invoice ${id} in a final status; logs: ${running.logs.lines.filter((l) => (l.level as number) >= 40).map((l) => JSON.stringify(l).slice(0, 400)).slice(-15).join('\n')}` },
      );
      expect(FINAL).toContain(status);
    }
    process.stdout.write(`database outage: readiness unhealthy after ${Math.round(noticedMs)} ms; ready ${Math.round(readyMs)} ms and intake ${Math.round(intakeMs)} ms after restart\n`);
  }, 120_000);
});
