import { DataSource } from 'typeorm';
import { authHeaders } from '../../support/auth';
import { sampleInvoice } from '../../support/browser';
import { createApiKey, createTenant, insertInvoice, submitInvoice, type ApiClient } from '../../support/factories';
import { ownerQuery } from '../../support/migrated-data-source';
import { json, useTestApp } from '../../support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** GET /api/v1/overview: the console's one route of its own, with the API's tenant rules. */
describe('GET /api/v1/overview', () => {
  const app = useTestApp();
  let admin: ApiClient;

  const overview = async (headers: Record<string, string>): Promise<{ status: number; body: Json }> => {
    const response = await fetch(app.url('/api/v1/overview'), { headers });
    return { status: response.status, body: await json(response) };
  };

  beforeAll(async () => {
    admin = { baseUrl: app.running.baseUrl, headers: await authHeaders('admin') };
    await createTenant(admin, 'acme');
    await createTenant(admin, 'globex');
  });

  it("counts the tenant's queue, throughput and failures, and never another tenant's", async () => {
    const dataSource = app.running.app.get(DataSource);
    const submitted = await submitInvoice({ baseUrl: app.running.baseUrl, headers: { ...admin.headers, 'x-tenant-id': 'acme' } }, sampleInvoice('OVERVIEW-1'), { wait: true });
    expect(submitted.status).toBe(200);
    // Rows arranged directly: two waiting, one failed an hour and a half ago, one for another tenant.
    const waiting = [await insertInvoice(dataSource, { tenantId: 'acme' }), await insertInvoice(dataSource, { tenantId: 'acme' })];
    const failed = await insertInvoice(dataSource, { tenantId: 'acme' });
    await ownerQuery(dataSource, `UPDATE invoices SET status = 'failed', invoice_number = 'BROKEN-1', updated_at = now() - interval '90 minutes' WHERE id = $1`, [failed]);
    await insertInvoice(dataSource, { tenantId: 'globex' });
    await ownerQuery(dataSource, `UPDATE invoices SET status = 'processing' WHERE id = $1`, [waiting[1]]);

    const submitter = (await createApiKey(admin, { roles: ['submitter'], tenant_id: 'acme' })).key;
    const { status, body } = await overview({ 'x-api-key': submitter });
    expect(status).toBe(200);
    expect(body.principal).toEqual({ subject: expect.stringMatching(/^apikey:/), roles: ['submitter'], tenant_id: 'acme', mechanism: 'api-key' });
    expect(body.tenant_id).toBe('acme');
    expect(body.queue).toEqual({ depth: 2, by_status: { received: 1, processing: 1 } });
    expect(body.throughput.last_24_hours).toEqual({ received: 4, completed: 1, failed: 1 });
    expect(body.throughput.last_hour).toEqual({ received: 4, completed: 1, failed: 0 });
    expect(body.recent_failures).toEqual([{ id: failed, invoice_number: 'BROKEN-1', supplier_name: null, received_at: expect.any(String), failed_at: expect.any(String) }]);
    expect(body.health.modules.map((m: Json) => m.name)).toContain('database');
    // Breakers: the tenant's own and shared ones only.
    expect(body.breakers.every((b: Json) => b.tenant_id === null || b.tenant_id === 'acme')).toBe(true);
    expect(body.breakers.length).toBeGreaterThan(0);

    const globex = await overview({ ...admin.headers, 'x-tenant-id': 'globex' });
    expect(globex.body.queue).toEqual({ depth: 1, by_status: { received: 1 } });
    expect(globex.body.recent_failures).toEqual([]);
  });

  it("refuses a tenant's credentials another tenant, and answers platform credentials without a tenant with their identity only", async () => {
    const submitter = (await createApiKey(admin, { roles: ['submitter'], tenant_id: 'acme' })).key;
    expect((await overview({ 'x-api-key': submitter, 'x-tenant-id': 'globex' })).status).toBe(403);
    expect((await overview({ ...admin.headers, 'x-tenant-id': 'nowhere' })).status).toBe(404);

    const auditor = (await createApiKey(admin, { roles: ['auditor'] })).key;
    const { status, body } = await overview({ 'x-api-key': auditor });
    expect(status).toBe(200);
    expect(body.principal.tenant_id).toBeNull();
    expect([body.tenant_id, body.queue, body.throughput, body.recent_failures]).toEqual([null, null, null, []]);
    expect(body.breakers.every((b: Json) => b.tenant_id === null)).toBe(true);

    expect((await fetch(app.url('/api/v1/overview'))).status).toBe(401);
  });
});
