import { Controller, Get, Module } from '@nestjs/common';
import { LifecycleEvents, LifecycleEventStore } from '../../../../src/framework/lifecycle';
import { authHeaders } from '../../../support/auth';
import { json, RunningApp, startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';
import {
  currentTenantId,
  CurrentTenant,
  TenantContext,
  TenantScope,
  TenantScoped,
  TenantScopedProvider,
} from '../../../../src/framework/tenancy';
import { createTenant } from '../../../support/factories';

let created = 0;

/** A tenant-scoped service: one instance per tenant, counting the requests it served. */
@TenantScopedProvider()
class TenantCounter {
  readonly serial = ++created;
  hits = 0;
  constructor(readonly tenant: TenantContext) {}
}

@Controller('tenancy-probe')
@TenantScoped()
class ProbeController {
  constructor(private readonly scope: TenantScope) {}

  @Get()
  async probe(@CurrentTenant() tenant: TenantContext) {
    await Promise.resolve();
    const counter = await this.scope.get(TenantCounter);
    counter.hits++;
    return {
      tenantId: tenant.tenantId,
      fromAsyncContext: currentTenantId(),
      approvalThreshold: tenant.config.approvalThreshold,
      webhookUrl: tenant.config.webhookUrl ?? null,
      counter: { serial: counter.serial, tenantId: counter.tenant.tenantId, hits: counter.hits },
    };
  }
}

@Controller('tenancy-unscoped')
class UnscopedController {
  constructor(private readonly scope: TenantScope) {}

  @Get()
  async probe() {
    return this.scope.get(TenantCounter);
  }
}

@Module({ controllers: [ProbeController, UnscopedController], providers: [TenantCounter] })
class ProbeModule {}

const PROBLEM = 'application/problem+json';

describe('multi-tenancy over real HTTP', () => {
  let db: TestDatabase;
  let running: RunningApp;
  const url = (path: string) => running.baseUrl + path;
  const admin = async (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...(await authHeaders('admin')), ...extra });
  const probe = async (headers: Record<string, string>) => fetch(url('/api/v1/tenancy-probe'), { headers });

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(
      testConfig({ DATABASE_URL: db.url, PIPELINE_WORKERS_ENABLED: false, INSTANCE_ID: 'replica-7', TENANT_APPROVAL_THRESHOLD: '10000' }),
      { imports: [ProbeModule] },
    );
    for (const [tenantId, config] of [
      ['acme', { TENANT_APPROVAL_THRESHOLD: '500', TENANT_WEBHOOK_URL: 'https://acme.example/hook' }],
      ['globex', {}],
    ] as const) {
      await createTenant({ baseUrl: running.baseUrl, headers: await admin() }, { tenant_id: tenantId, name: tenantId.toUpperCase(), config });
    }
  });

  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it('admin API: create validates the id and answers 409 on a duplicate; list and get show merged config with layers', async () => {
    const bad = await fetch(url('/api/v1/admin/tenants'), { method: 'POST', headers: await admin(), body: JSON.stringify({ tenant_id: 'Bad Id', name: 'x' }) });
    expect(bad.status).toBe(400);
    const dup = await fetch(url('/api/v1/admin/tenants'), { method: 'POST', headers: await admin(), body: JSON.stringify({ tenant_id: 'acme', name: 'again' }) });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('content-type')).toContain(PROBLEM);
    const unknownSetting = await fetch(url('/api/v1/admin/tenants'), {
      method: 'POST',
      headers: await admin(),
      body: JSON.stringify({ tenant_id: 'initech', name: 'x', config: { PORT: 1, TENANT_APPROVAL_THRESHOLD: -1 } }),
    });
    expect(unknownSetting.status).toBe(400);
    expect((await json(unknownSetting)).errors.map((e: { field: string }) => e.field).sort()).toEqual(['config.PORT', 'config.TENANT_APPROVAL_THRESHOLD']);

    const list = await json(await fetch(url('/api/v1/admin/tenants'), { headers: await admin() }));
    expect(list.map((t: { tenant_id: string }) => t.tenant_id)).toEqual(['acme', 'default', 'globex']);
    const page = await json(await fetch(url('/api/v1/admin/tenants?after=acme&limit=1'), { headers: await admin() }));
    expect(page.map((t: { tenant_id: string }) => t.tenant_id)).toEqual(['default']);

    const acme = await json(await fetch(url('/api/v1/admin/tenants/acme'), { headers: await admin() }));
    expect(acme.config).toEqual([
      { env: 'TENANT_APPROVAL_THRESHOLD', value: '500', layer: 'tenant', source: 'tenant' },
      { env: 'TENANT_SECOND_APPROVAL_ABOVE', value: null, layer: 'base', source: 'default' },
      { env: 'TENANT_WEBHOOK_URL', value: 'https://acme.example/hook', layer: 'tenant', source: 'tenant' },
      { env: 'TENANT_WEBHOOK_AUTH_HEADER', value: null, layer: 'base', source: 'default' },
      { env: 'TENANT_VALIDATE_RULE_SET', value: null, layer: 'base', source: 'default' },
    ]);
    const globex = await json(await fetch(url('/api/v1/admin/tenants/globex'), { headers: await admin() }));
    expect(globex.config[0]).toEqual({ env: 'TENANT_APPROVAL_THRESHOLD', value: '10000', layer: 'base', source: 'override' });
    expect((await fetch(url('/api/v1/admin/tenants/nobody'), { headers: await admin() })).status).toBe(404);
    const submitter = await fetch(url('/api/v1/admin/tenants'), { headers: await authHeaders('submitter', { tenantId: 'acme' }) });
    expect(submitter.status).toBe(403);
  });

  it("resolves the principal's tenant and applies its overrides only to it", async () => {
    const acme = await json(await probe(await authHeaders('submitter', { tenantId: 'acme' })));
    const globex = await json(await probe(await authHeaders('submitter', { tenantId: 'globex' })));
    expect(acme).toMatchObject({ tenantId: 'acme', fromAsyncContext: 'acme', approvalThreshold: '500', webhookUrl: 'https://acme.example/hook' });
    expect(globex).toMatchObject({ tenantId: 'globex', fromAsyncContext: 'globex', approvalThreshold: '10000', webhookUrl: null });
  });

  it('durable tenant instances differ between tenants and are reused within one', async () => {
    const a1 = await json(await probe(await authHeaders('submitter', { tenantId: 'acme' })));
    const a2 = await json(await probe(await authHeaders('auditor', { tenantId: 'acme', subject: 'someone-else' })));
    const g1 = await json(await probe(await authHeaders('submitter', { tenantId: 'globex' })));
    expect(a2.counter.serial).toBe(a1.counter.serial);
    expect(a2.counter.hits).toBe(a1.counter.hits + 1);
    expect(g1.counter.serial).not.toBe(a1.counter.serial);
    expect([a1.counter.tenantId, g1.counter.tenantId]).toEqual(['acme', 'globex']);
  });

  it('X-Tenant-ID: platform roles without a tenant may name an existing tenant; tenant-bound credentials get 403 for another tenant', async () => {
    expect(await json(await probe({ ...(await authHeaders('admin')), 'x-tenant-id': 'globex' }))).toMatchObject({ tenantId: 'globex' });
    expect(await json(await probe({ ...(await authHeaders('operator')), 'x-tenant-id': 'globex' }))).toMatchObject({ tenantId: 'globex' });
    expect((await probe({ ...(await authHeaders('operator', { tenantId: 'acme' })), 'x-tenant-id': 'globex' })).status).toBe(403);
    const foreign = await probe({ ...(await authHeaders('submitter', { tenantId: 'acme' })), 'x-tenant-id': 'globex' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toContain(PROBLEM);
    const own = await probe({ ...(await authHeaders('submitter', { tenantId: 'acme' })), 'x-tenant-id': 'acme' });
    expect(own.status).toBe(200);
    expect((await probe({ ...(await authHeaders('admin')), 'x-tenant-id': 'nobody' })).status).toBe(404);
    expect((await probe({ ...(await authHeaders('admin')), 'x-tenant-id': 'NOT valid' })).status).toBe(400);
  });

  it('strict mode: a tenant-scoped route without a tenant is a 400 problem; permissive mode falls back to default', async () => {
    const strict = await probe(await authHeaders('admin'));
    expect(strict.status).toBe(400);
    expect(strict.headers.get('content-type')).toContain(PROBLEM);
    expect(await json(strict)).toMatchObject({ type: 'urn:invoice-service:problem:tenant-required', status: 400 });

    const permissiveDb = await createTestDatabase();
    const permissive = await startApp(testConfig({ DATABASE_URL: permissiveDb.url, PIPELINE_WORKERS_ENABLED: false, TENANCY_MODE: 'permissive' }), { imports: [ProbeModule] });
    try {
      const res = await fetch(`${permissive.baseUrl}/api/v1/tenancy-probe`, { headers: await authHeaders('admin') });
      expect(await json(res)).toMatchObject({ tenantId: 'default' });
    } finally {
      await permissive.close();
      await permissiveDb.drop();
    }
  });

  it('PATCH changes overrides of one tenant (null removes one); disable refuses its credentials with 403', async () => {
    const patched = await fetch(url('/api/v1/admin/tenants/acme'), {
      method: 'PATCH',
      headers: await admin(),
      body: JSON.stringify({ name: 'ACME Corp', config: { TENANT_APPROVAL_THRESHOLD: '750', TENANT_WEBHOOK_URL: null } }),
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({ name: 'ACME Corp', overrides: { TENANT_APPROVAL_THRESHOLD: '750' } });
    expect(await json(await probe(await authHeaders('submitter', { tenantId: 'acme' })))).toMatchObject({ approvalThreshold: '750', webhookUrl: null });
    expect(await json(await probe(await authHeaders('submitter', { tenantId: 'globex' })))).toMatchObject({ approvalThreshold: '10000' });
    const invalid = await fetch(url('/api/v1/admin/tenants/acme'), { method: 'PATCH', headers: await admin(), body: JSON.stringify({ config: { TENANT_WEBHOOK_URL: 'ftp://x' } }) });
    expect(invalid.status).toBe(400);

    const disabled = await fetch(url('/api/v1/admin/tenants/globex/disable'), { method: 'POST', headers: await authHeaders('admin') });
    expect(await json(disabled)).toMatchObject({ tenant_id: 'globex', disabled_at: expect.any(String) });
    expect((await probe(await authHeaders('submitter', { tenantId: 'globex' }))).status).toBe(403);
    expect((await probe({ ...(await authHeaders('admin')), 'x-tenant-id': 'globex' })).status).toBe(403);
    expect((await probe(await authHeaders('submitter', { tenantId: 'acme' }))).status).toBe(200);
    await fetch(url('/api/v1/admin/tenants/globex/enable'), { method: 'POST', headers: await authHeaders('admin') });
    expect((await probe(await authHeaders('submitter', { tenantId: 'globex' }))).status).toBe(200);
  });

  it('a tenant-scoped service outside a tenant context fails with a clear (logged) error, not a leak', async () => {
    const res = await fetch(url('/api/v1/tenancy-unscoped'), { headers: await authHeaders('admin') });
    expect(res.status).toBe(500);
    expect(JSON.stringify(running.logs.lines)).toContain('TenantCounter is tenant-scoped and was resolved without a tenant context');
  });

  it('INSTANCE_ID appears in logs, metrics and lifecycle events', async () => {
    expect(running.logs.lines.length).toBeGreaterThan(0);
    expect(running.logs.lines.every((line) => line.instanceId === 'replica-7')).toBe(true);
    const metrics = await (await fetch(url('/metrics'), { headers: await authHeaders('admin') })).text();
    expect(metrics).toMatch(/^service_instance_info\{instance_id="replica-7"\} 1$/m);
    const seen: Array<{ instanceId?: string }> = [];
    running.app.get(LifecycleEvents).subscribe('tenancy-test', (event) => void seen.push(event));
    running.app.get(LifecycleEvents).publish({ timestamp: new Date(), module: 'probe', phase: 'warning', details: {}, correlationId: 'c' });
    await running.app.get(LifecycleEvents).idle();
    expect(seen.map((e) => e.instanceId)).toEqual(['replica-7']);
    // Recorded with the replica that saw it (the store is an observer too).
    const stored = await running.app.get(LifecycleEventStore).recent(50, 'probe');
    expect(stored.map((e) => e.instanceId)).toEqual(['replica-7']);
  });
});
