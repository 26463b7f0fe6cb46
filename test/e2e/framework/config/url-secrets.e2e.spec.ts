import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError } from '../../../../src/framework/errors';
import { OutboxRelay } from '../../../../src/stages/export/outbox-relay';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { ownerQuery } from '../../../support/migrated-data-source';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import { EXAMPLES } from '../../../support/paths';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROBLEM = 'application/problem+json';
const REASON = /^credentials in URLs are not allowed; use the secret field /;

/** A loopback receiver recording the path and Authorization header of each request. */
class Receiver {
  readonly requests: Array<{ path: string; authorization?: string }> = [];
  private server: Server | null = null;

  async start(): Promise<number> {
    this.server = createServer((request, response) => {
      this.requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Passwords never travel inside URLs and secrets never come back out: a URL with userinfo is
 * refused wherever one is configured (400 with field and reason), the secret goes in its own
 * setting that every view redacts, and failed requests are described by host and port only in
 * stage results, the outbox and the logs.
 */
describe('secrets in configured URLs', () => {
  let db: TestDatabase;
  let running: RunningApp;
  let admin: Record<string, string>;
  let submitter: Record<string, string>;
  let port: number;
  let closed: number;
  const receiver = new Receiver();
  const url = (path: string) => running.baseUrl + path;
  // Everything a secret must never reach; the platform's own values come from the environment.
  const SECRETS = ['AUTH-SECRET-1', 'QUERY-SECRET-1', 'AUTH-SECRET-2', 'QUERY-SECRET-2', 'QUERY-SECRET-3', 'AUTH-SECRET-4', 'QUERY-SECRET-4', 'AUTH-SECRET-5', 'QUERY-SECRET-5'];
  const PATH_SECRETS = ['PATH-SECRET-2', 'PATH-SECRET-3'];
  const leaks = (text: string, secrets = SECRETS) => secrets.filter((secret) => text.includes(secret));
  const read = async (path: string, headers = submitter) => {
    const response = await fetch(url(path), { headers });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.text();
  };
  const submit = async (headers: Record<string, string>, document = 'guide-example1.xml'): Promise<Json> =>
    json(
      await fetch(url('/api/v1/invoices?wait=true'), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/xml' },
        body: readFileSync(join(EXAMPLES, 'ubl', document)),
      }),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await receiver.start();
    closed = await closedPort();
    running = await startApp(
      testConfig({
        DATABASE_URL: db.url,
        OUTBOX_REDELIVERY_CRON: '0 0 1 1 *',
        TENANT_WEBHOOK_URL: `http://127.0.0.1:${port}/platform?sig=QUERY-SECRET-5`,
        TENANT_WEBHOOK_AUTH_HEADER: 'Bearer AUTH-SECRET-5',
      }),
    );
    admin = { ...(await authHeaders('admin')), 'x-tenant-id': 'default' };
    submitter = await authHeaders(['submitter', 'auditor'], { tenantId: 'default' });
  });

  afterAll(async () => {
    await running?.close();
    await receiver.stop();
    await db?.drop();
  });

  it('refuses a configuration whose webhook url carries userinfo (400 with field and reason), before storing anything', async () => {
    const body = JSON.stringify({ selections: [{ stage_id: 'export', module_id: 'webhook', settings: { url: 'http://hook:PASSWORD-1@127.0.0.1:9/x' } }] });
    const headers = { ...admin, 'content-type': 'application/json' };
    for (const path of ['/api/v1/configurations', '/api/v1/configurations/validate']) {
      const refused = await fetch(url(path), { method: 'POST', headers, body });
      expect({ path, status: refused.status }).toEqual({ path, status: 400 });
      expect(refused.headers.get('content-type')).toContain(PROBLEM);
      const problem = await json(refused);
      expect(problem.errors).toEqual([{ field: 'selections[0].settings.url', reason: expect.stringMatching(REASON) }]);
      expect(JSON.stringify(problem)).not.toContain('PASSWORD-1');
    }
    const [{ n }] = await ownerQuery(running.app.get(DataSource), `SELECT count(*)::int AS n FROM module_selections WHERE settings::text LIKE '%PASSWORD-1%'`);
    expect(n).toBe(0);
  });

  it('refuses userinfo in a tenant webhook URL (400), and in the environment (ConfigError naming the variable, not the password)', async () => {
    const headers = { ...(await authHeaders('admin')), 'content-type': 'application/json' };
    const refused = await fetch(url('/api/v1/admin/tenants'), {
      method: 'POST',
      headers,
      body: JSON.stringify({ tenant_id: 'initech', name: 'Initech', config: { TENANT_WEBHOOK_URL: 'https://erp:PASSWORD-2@erp.example/hook' } }),
    });
    expect(refused.status).toBe(400);
    const problem = await json(refused);
    expect(problem.errors).toEqual([{ field: 'config.TENANT_WEBHOOK_URL', reason: expect.stringMatching(REASON) }]);
    expect(JSON.stringify(problem)).not.toContain('PASSWORD-2');

    for (const [env, value] of [
      ['TENANT_WEBHOOK_URL', 'https://erp:PASSWORD-3@erp.example/hook'],
      ['AUTH_JWKS_URL', 'https://idp:PASSWORD-3@idp.example/jwks.json'],
    ]) {
      let error: unknown;
      try {
        testConfig({ [env]: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).toContain(env);
      expect(text).toMatch(/credentials in URLs are not allowed/);
      expect(text).not.toContain('PASSWORD-3');
    }
  });

  it('sends the auth_header secret to the receiver and never shows it, or the query secret, in any configuration view', async () => {
    const first = await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'export', module_id: 'webhook', settings: { url: `http://127.0.0.1:${port}/hooks/one?token=QUERY-SECRET-1`, auth_header: 'Bearer AUTH-SECRET-1' } },
    ]);
    const detail = await submit(admin);
    expect(detail.status).toBe('completed');
    expect(receiver.requests.at(-1)).toEqual({ path: '/hooks/one?token=QUERY-SECRET-1', authorization: 'Bearer AUTH-SECRET-1' });

    const second = await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'export', module_id: 'webhook', settings: { url: `http://127.0.0.1:${port}/hooks/two?token=QUERY-SECRET-2`, auth_header: 'Bearer AUTH-SECRET-2' } },
    ]);
    const active = JSON.parse(await read('/api/v1/configurations/active')) as Json;
    expect(active.selections.find((s: Json) => s.stage_id === 'export').settings).toEqual({
      url: `http://127.0.0.1:${port}/hooks/two?token=[REDACTED]`,
      auth_header: '[REDACTED]',
    });
    const diff = JSON.parse(await read(`/api/v1/configurations/${first}/diff/${second}`)) as Json;
    const exportDiff = diff.stages.find((s: Json) => s.stage_id === 'export');
    // The secret changed, and the diff says so without showing either value.
    expect(exportDiff.settings_changes).toEqual([
      { key: 'auth_header', a: '[REDACTED]', b: '[REDACTED]' },
      { key: 'url', a: `http://127.0.0.1:${port}/hooks/one?token=[REDACTED]`, b: `http://127.0.0.1:${port}/hooks/two?token=[REDACTED]` },
    ]);
    const views = [
      await read('/api/v1/configurations'),
      await read(`/api/v1/configurations/${first}`),
      await read(`/api/v1/configurations/${second}`),
      JSON.stringify(diff),
      await read('/api/v1/configuration-events?limit=100'),
      await read(`/api/v1/invoices/${detail.id}`),
    ];
    expect(views.flatMap((view) => leaks(view))).toEqual([]);

    // The view sent back as a new draft would store the placeholder as the secret: refused.
    const echoed = await fetch(url('/api/v1/configurations'), {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ based_on_version: active.version, selections: [{ stage_id: 'export', module_id: 'webhook', settings: active.selections.find((s: Json) => s.stage_id === 'export').settings }] }),
    });
    expect(echoed.status).toBe(400);
    expect((await json(echoed)).errors.map((e: Json) => e.field).sort()).toEqual(['selections[0].settings.auth_header', 'selections[0].settings.url']);
  });

  it('stores failed webhook and directory requests by host and port only: stage results, the outbox and the logs', async () => {
    await activateSelections(running.baseUrl, admin, [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'en16931' },
      { stage_id: 'enrich', module_id: 'supplier-directory-http', settings: { url: `http://127.0.0.1:${closed}/dir/PATH-SECRET-3?key=QUERY-SECRET-3`, timeout_ms: 1000 } },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'export', module_id: 'webhook', settings: { url: `http://127.0.0.1:${closed}/hooks/PATH-SECRET-2?token=QUERY-SECRET-2`, auth_header: 'Bearer AUTH-SECRET-2', timeout_ms: 1000 } },
    ]);
    const detail = await submit(admin, 'guide-example2.xml');
    expect(detail.status).toBe('completed_with_warnings');
    const stage = (id: string) => detail.stages.find((s: Json) => s.stage_id === id);
    const endpoint = `http://127.0.0.1:${closed}`;
    expect(stage('enrich').warnings).toContainEqual(expect.stringContaining(`supplier directory ${endpoint} failed: request failed (ECONNREFUSED)`));
    expect(stage('export').warnings).toContainEqual(expect.stringContaining(`webhook delivery to ${endpoint} failed: request failed (ECONNREFUSED)`));
    expect(stage('export').fallback_reason).toContain(`webhook delivery to ${endpoint} failed`);
    const stored = await read(`/api/v1/invoices/${detail.id}`);
    expect([...leaks(stored), ...leaks(stored, PATH_SECRETS)]).toEqual([]);

    const relay = running.app.get(OutboxRelay);
    expect(await relay.deliverDue()).toEqual({ delivered: 0, failed: 1 });
    const [message] = await ownerQuery(running.app.get(DataSource), `SELECT last_error FROM outbox_messages WHERE invoice_id = $1`, [detail.id]);
    expect(message.last_error).toBe(`webhook delivery to ${endpoint} failed: request failed (ECONNREFUSED)`);
  });

  it("pairs a tenant's webhook URL with the tenant's own auth header and redacts both in the admin views", async () => {
    const headers = { ...(await authHeaders('admin')), 'content-type': 'application/json' };
    const created = await fetch(url('/api/v1/admin/tenants'), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        tenant_id: 'acme',
        name: 'Acme',
        config: { TENANT_WEBHOOK_URL: `http://127.0.0.1:${port}/acme?sig=QUERY-SECRET-4`, TENANT_WEBHOOK_AUTH_HEADER: 'Bearer AUTH-SECRET-4' },
      }),
    });
    expect(created.status).toBe(201);
    const view = await json(created);
    expect(view.overrides).toEqual({ TENANT_WEBHOOK_URL: `http://127.0.0.1:${port}/acme?sig=[REDACTED]`, TENANT_WEBHOOK_AUTH_HEADER: '[REDACTED]' });

    const detail = await submit(await authHeaders('submitter', { tenantId: 'acme' }));
    expect(detail.stages.at(-1)).toMatchObject({ stage_id: 'export', module_id: 'webhook', outcome: 'ok' });
    expect(receiver.requests.at(-1)).toEqual({ path: '/acme?sig=QUERY-SECRET-4', authorization: 'Bearer AUTH-SECRET-4' });

    const adminOnly = await authHeaders('admin');
    const views = [
      JSON.stringify(view),
      await read('/api/v1/admin/tenants', adminOnly),
      await read('/api/v1/admin/tenants/acme', adminOnly),
      await read('/api/v1/admin/tenants/default', adminOnly),
      await read('/api/v1/admin/config', adminOnly),
    ];
    expect(views.flatMap((v) => leaks(v))).toEqual([]);
    const platform = JSON.parse(views[4]) as Json;
    expect(platform.settings.find((s: Json) => s.env === 'TENANT_WEBHOOK_URL').value).toBe(`http://127.0.0.1:${port}/platform?sig=[REDACTED]`);
    expect(platform.settings.find((s: Json) => s.env === 'TENANT_WEBHOOK_AUTH_HEADER').value).toBe('[REDACTED]');
  });

  it('wrote none of the secrets to the logs', () => {
    expect(running.logs.raw.length).toBeGreaterThan(10);
    const all = running.logs.raw.join('\n');
    expect([...leaks(all), ...leaks(all, PATH_SECRETS), ...leaks(all, ['PASSWORD-1', 'PASSWORD-2'])]).toEqual([]);
  });
});
