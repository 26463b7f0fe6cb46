import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../../../src/framework/auth';
import { authHeaders } from '../../../support/auth';
import { nestRoutes, type NestRoute } from '../../../support/routes';
import { json, RunningApp, useTestApp } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';
import { createApiKey, createTenant } from '../../../support/factories';

const example = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Max_content.xml'));
const BOOTSTRAP_KEY = 'bootstrap-admin-key-for-tenant-binding-0123456789';
const PROBLEM = 'application/problem+json';
const CROSSING = /bound to one tenant/;

/**
 * Credentials bound to a tenant stay in it, whatever their roles: an operator, maintainer or admin
 * of acme naming globex with X-Tenant-ID (or in an admin route's path) is refused with 403 on
 * every route of the application, which the test reads from the app's own route table.
 */
describe('tenant-bound credentials', () => {
  const app = useTestApp({ PIPELINE_WORKER_POLL_MS: 50, BOOTSTRAP_ADMIN_API_KEY: BOOTSTRAP_KEY });
  let running: RunningApp;
  let routes: NestRoute[];
  let globexInvoice: string;
  const bootstrap = { 'x-api-key': BOOTSTRAP_KEY, 'content-type': 'application/json' };
  const acmeCredentials: Record<string, Record<string, string>> = {};
  const url = (path: string) => running.baseUrl + path;

  const asBootstrap = () => ({ baseUrl: running.baseUrl, headers: { 'x-api-key': BOOTSTRAP_KEY } });
  const createKey = async (roles: Role[], tenantId?: string) => (await createApiKey(asBootstrap(), { roles, tenant_id: tenantId })).key;

  beforeAll(async () => {
    running = app.running;
    for (const tenantId of ['acme', 'globex']) await createTenant(asBootstrap(), tenantId);
    acmeCredentials['api key operator+submitter+auditor'] = { 'x-api-key': await createKey(['operator', 'submitter', 'auditor'], 'acme') };
    acmeCredentials['api key admin'] = { 'x-api-key': await createKey(['admin'], 'acme') };
    acmeCredentials['jwt maintainer+submitter+auditor'] = await authHeaders(['maintainer', 'submitter', 'auditor'], { tenantId: 'acme' });
    acmeCredentials['jwt admin'] = await authHeaders(['admin'], { tenantId: 'acme' });

    const submitted = await fetch(url('/api/v1/invoices?wait=true'), {
      method: 'POST',
      headers: { ...(await authHeaders('submitter', { tenantId: 'globex' })), 'content-type': 'application/xml' },
      body: example,
    });
    globexInvoice = (await json<{ id: string }>(submitted)).id;
    routes = nestRoutes(running.app);
  });

  /** A concrete URL for a route pattern: ids point at globex's invoice, tenant ids at globex. */
  const concrete = (path: string) =>
    path.replace(/:([A-Za-z_]+)/g, (_match, name: string) => (name === 'tenant_id' ? 'globex' : name === 'id' ? globexInvoice : '00000000-0000-4000-8000-000000000000'));

  it("reads every route from the app's route table, the invoice routes among them", () => {
    const invoiceRoutes = routes.filter((r) => /^\/api\/v1\/(invoices|validate)/.test(r.path)).map((r) => `${r.method} ${r.path}`);
    expect(invoiceRoutes).toEqual(
      expect.arrayContaining(['POST /api/v1/invoices', 'GET /api/v1/invoices', 'GET /api/v1/invoices/:id', 'POST /api/v1/invoices/:id/reprocess', 'POST /api/v1/validate']),
    );
    expect(routes.filter((r) => !r.isPublic).length).toBeGreaterThan(30);
  });

  it('is the control: a tenantless admin naming globex reads its invoice, and acme credentials naming acme are let in', async () => {
    const read = await fetch(url(`/api/v1/invoices/${globexInvoice}`), { headers: { 'x-api-key': BOOTSTRAP_KEY, 'x-tenant-id': 'globex' } });
    expect(read.status).toBe(200);
    for (const [name, headers] of Object.entries(acmeCredentials)) {
      const own = await fetch(url('/api/v1/invoices'), { headers: { ...headers, 'x-tenant-id': 'acme' } });
      expect({ name, status: own.status }).toEqual({ name, status: 200 });
    }
  });

  it('refuses acme credentials naming globex with 403 problem+json on every route, whatever their roles', async () => {
    const refusedEverywhere: string[] = [];
    const guarded = routes.filter((r) => !r.isPublic);
    for (const route of guarded) {
      for (const [name, headers] of Object.entries(acmeCredentials)) {
        const response = await fetch(url(concrete(route.path)), { method: route.method, headers: { ...headers, 'x-tenant-id': 'globex' } });
        const body = await response.text();
        const ok = response.status === 403 && (response.headers.get('content-type') ?? '').includes(PROBLEM) && CROSSING.test(body);
        if (!ok) refusedEverywhere.push(`${route.method} ${route.path} with ${name}: ${response.status} ${body.slice(0, 120)}`);
      }
    }
    expect(refusedEverywhere).toEqual([]);

    // Nothing ran for globex: its invoice still has its one run.
    const detail = await json(await fetch(url(`/api/v1/invoices/${globexInvoice}`), { headers: { 'x-api-key': BOOTSTRAP_KEY, 'x-tenant-id': 'globex' } }));
    expect(detail.runs).toHaveLength(1);
    const denials = running.logs.lines.filter((l) => l.event === 'SecurityError' && l.reason === 'tenant-crossing');
    expect(denials.length).toBe(guarded.length * Object.keys(acmeCredentials).length);
  });

  it('refuses the platform roles of tenant-bound credentials on every operation that spans tenants (403), reads stay open', async () => {
    const platformOperations = routes.filter((r) => !r.isPublic && !r.tenantAware && r.roles.length > 0);
    expect(platformOperations.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/configurations', 'POST /api/v1/configurations/:id/activate', 'PUT /api/v1/fallback-policies/:stage_id', 'POST /api/v1/admin/config/reload']),
    );
    // What each credential holds besides its platform roles (auditor, submitter may pass on their own).
    const ownRoles: Record<string, string[]> = {
      'api key operator+submitter+auditor': ['submitter', 'auditor'],
      'api key admin': [],
      'jwt maintainer+submitter+auditor': ['submitter', 'auditor'],
      'jwt admin': [],
    };
    const wrong: string[] = [];
    let refused = 0;
    for (const route of platformOperations) {
      for (const [name, headers] of Object.entries(acmeCredentials)) {
        if (route.roles.some((role) => ownRoles[name].includes(role))) continue;
        refused++;
        const response = await fetch(url(concrete(route.path)), { method: route.method, headers });
        const body = await response.text();
        if (response.status !== 403 || !(response.headers.get('content-type') ?? '').includes(PROBLEM)) wrong.push(`${route.method} ${route.path} with ${name}: ${response.status} ${body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(40);
    const activation = await fetch(url('/api/v1/configurations/1/activate'), { method: 'POST', headers: acmeCredentials['api key admin'] });
    expect((await json(activation)).detail).toMatch(/spans tenants/);
    // Control: the same route answers a platform admin, and reads need no platform role.
    expect((await fetch(url('/api/v1/admin/config'), { headers: bootstrap })).status).toBe(200);
    expect((await fetch(url('/api/v1/admin/config'), { headers: acmeCredentials['jwt admin'] })).status).toBe(403);
    expect((await fetch(url('/api/v1/configurations'), { headers: acmeCredentials['api key operator+submitter+auditor'] })).status).toBe(200);
  });

  it('keeps a tenant-bound admin to its own tenant on the tenant administration routes', async () => {
    for (const [name, headers] of Object.entries(acmeCredentials).filter(([n]) => n.endsWith('admin'))) {
      const json = { ...headers, 'content-type': 'application/json' };
      const attempts = [
        await fetch(url('/api/v1/admin/tenants/globex'), { headers }),
        await fetch(url('/api/v1/admin/tenants/globex'), { method: 'PATCH', headers: json, body: JSON.stringify({ name: 'taken over' }) }),
        await fetch(url('/api/v1/admin/tenants/globex/disable'), { method: 'POST', headers }),
        await fetch(url('/api/v1/admin/tenants/globex/config/reload'), { method: 'POST', headers }),
        await fetch(url('/api/v1/admin/tenants'), { headers }),
        await fetch(url('/api/v1/admin/tenants'), { method: 'POST', headers: json, body: JSON.stringify({ tenant_id: 'initech', name: 'initech' }) }),
      ];
      expect({ name, statuses: attempts.map((r) => r.status) }).toEqual({ name, statuses: [403, 403, 403, 403, 403, 403] });
      expect((await fetch(url('/api/v1/admin/tenants/acme'), { headers })).status).toBe(200);
    }
    const globex = await json(await fetch(url('/api/v1/admin/tenants/globex'), { headers: bootstrap }));
    expect({ name: globex.name, disabled_at: globex.disabled_at }).toEqual({ name: 'globex', disabled_at: null });
  });

  it('lets a tenant-bound admin mint and see keys of its own tenant only', async () => {
    const admin = { ...acmeCredentials['api key admin'], 'content-type': 'application/json' };
    const mint = (tenantId?: string) => fetch(url('/api/v1/admin/api-keys'), { method: 'POST', headers: admin, body: JSON.stringify({ name: 'minted', roles: ['admin'], tenant_id: tenantId }) });
    expect((await mint('globex')).status).toBe(403);
    const own = await mint();
    expect(own.status).toBe(201);
    expect((await json(own)).tenant_id).toBe('acme');

    const globexKey = await fetch(url('/api/v1/admin/api-keys'), { method: 'POST', headers: bootstrap, body: JSON.stringify({ name: 'globex erp', roles: ['submitter'], tenant_id: 'globex' }) });
    const globexKeyId = (await json(globexKey)).id as string;
    const listed = await json<Array<{ id: string; tenant_id: string | null }>>(await fetch(url('/api/v1/admin/api-keys'), { headers: admin }));
    expect(listed.length).toBeGreaterThan(0);
    expect([...new Set(listed.map((k) => k.tenant_id))]).toEqual(['acme']);
    expect((await fetch(url(`/api/v1/admin/api-keys/${globexKeyId}`), { method: 'DELETE', headers: acmeCredentials['api key admin'] })).status).toBe(404);
    const all = await json<Array<{ id: string; revoked_at: string | null }>>(await fetch(url('/api/v1/admin/api-keys'), { headers: bootstrap }));
    expect(all.find((k) => k.id === globexKeyId)?.revoked_at).toBeNull();
  });
});
