import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { authHeaders } from '../../../support/auth';
import { ownerQuery } from '../../../support/migrated-data-source';
import { json, RunningApp, useTestApp } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';

const example = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Max_content.xml'));
const other = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'));
const PROBLEM = 'application/problem+json';

/**
 * Two tenants on one service: no invoice route lets one read, list, reprocess, replay or
 * deduplicate against the other's invoices. Another tenant's invoice answers exactly like one
 * that does not exist.
 */
describe('tenant isolation through the invoice API', () => {
  // The example's total is above the default approval threshold: here it goes through to export.
  const app = useTestApp({ PIPELINE_WORKER_POLL_MS: 50, TENANT_APPROVAL_THRESHOLD: '1000000000' });
  let running: RunningApp;
  let acme: Record<string, string>;
  let globex: Record<string, string>;
  const url = (path: string) => running.baseUrl + path;
  const submit = (headers: Record<string, string>, body: Buffer, query = '?wait=true', extra: Record<string, string> = {}) =>
    fetch(url(`/api/v1/invoices${query}`), { method: 'POST', headers: { ...headers, 'content-type': 'application/xml', ...extra }, body });
  const get = (headers: Record<string, string>, id: string) => fetch(url(`/api/v1/invoices/${id}`), { headers });
  const countInvoices = async () => (await ownerQuery(running.app.get(DataSource), `SELECT count(*)::int AS n FROM invoices`))[0].n as number;

  beforeAll(async () => {
    running = app.running;
    const admin = { 'content-type': 'application/json', ...(await authHeaders('admin')) };
    for (const tenantId of ['acme', 'globex']) {
      const created = await fetch(url('/api/v1/admin/tenants'), { method: 'POST', headers: admin, body: JSON.stringify({ tenant_id: tenantId, name: tenantId }) });
      expect(created.status).toBe(201);
    }
    acme = await authHeaders(['submitter', 'auditor'], { tenantId: 'acme' });
    globex = await authHeaders(['submitter', 'auditor'], { tenantId: 'globex' });
  });

  it("reads, lists and reprocesses only the caller's own invoices; the other's answer 404 like a missing one", async () => {
    const mine = await json(await submit(acme, example));
    expect(mine.status).toBe('completed');

    const theirs = await get(globex, mine.id);
    const missing = await get(globex, '00000000-0000-4000-8000-000000000000');
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    expect(theirs.headers.get('content-type')).toContain(PROBLEM);
    const [theirsBody, missingBody] = [await json(theirs), await json(missing)];
    expect({ type: theirsBody.type, title: theirsBody.title, status: theirsBody.status }).toEqual({
      type: missingBody.type,
      title: missingBody.title,
      status: missingBody.status,
    });
    expect(JSON.stringify(theirsBody)).not.toContain('acme');

    const reprocess = await fetch(url(`/api/v1/invoices/${mine.id}/reprocess`), { method: 'POST', headers: globex });
    expect(reprocess.status).toBe(404);
    const after = await json(await get(acme, mine.id));
    expect(after.runs).toHaveLength(1);

    const globexList = await json(await fetch(url('/api/v1/invoices?limit=100'), { headers: globex }));
    expect(globexList.items.map((i: { id: string }) => i.id)).not.toContain(mine.id);
    const acmeList = await json(await fetch(url('/api/v1/invoices?limit=100'), { headers: acme }));
    expect(acmeList.items.map((i: { id: string }) => i.id)).toContain(mine.id);
  });

  it('detects duplicates within a tenant, never across tenants', async () => {
    const first = await json(await submit(acme, other));
    const sameDocumentOtherTenant = await json(await submit(globex, other));
    const again = await json(await submit(acme, other));
    expect([first.status, sameDocumentOtherTenant.status, again.status]).toEqual(['completed', 'completed', 'duplicate']);
  });

  it('keeps Idempotency-Keys per tenant: the same key in another tenant is a new invoice, not a replay or a conflict', async () => {
    const key = { 'idempotency-key': 'order-4711' };
    const acmeFirst = await submit(acme, example, '', key);
    expect(acmeFirst.status).toBe(202);
    const globexSameKey = await submit(globex, other, '', key);
    expect(globexSameKey.status).toBe(202);
    expect(globexSameKey.headers.get('idempotent-replayed')).toBeNull();
    const acmeReplay = await submit(acme, example, '', key);
    expect(acmeReplay.headers.get('idempotent-replayed')).toBe('true');
    const [a, g, r] = [await json(acmeFirst), await json(globexSameKey), await json(acmeReplay)];
    expect(g.id).not.toBe(a.id);
    expect(r.id).toBe(a.id);
    expect((await get(globex, a.id)).status).toBe(404);
  });

  it('lets a platform role act for a tenant it names, and only within that tenant', async () => {
    const mine = await json(await submit(acme, example, ''));
    const admin = await authHeaders('admin');
    expect((await get({ ...admin, 'x-tenant-id': 'acme' }, mine.id)).status).toBe(200);
    expect((await get({ ...admin, 'x-tenant-id': 'globex' }, mine.id)).status).toBe(404);
    // A tenant's own credentials cannot name another tenant.
    const crossing = await fetch(url('/api/v1/invoices'), { headers: { ...globex, 'x-tenant-id': 'acme' } });
    expect(crossing.status).toBe(403);
    expect((await json(crossing)).detail).toMatch(/bound to one tenant/);
  });

  it('strict mode: a caller without a tenant is refused with 400 before anything is stored', async () => {
    const before = await countInvoices();
    const tenantless = await authHeaders('submitter');
    const refused = await submit(tenantless, example);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain(PROBLEM);
    const validate = await fetch(url('/api/v1/validate'), { method: 'POST', headers: { ...tenantless, 'content-type': 'application/xml' }, body: example });
    expect(validate.status).toBe(400);
    expect(await countInvoices()).toBe(before);
  });
});
