import { readFileSync } from 'node:fs';
import Decimal from 'decimal.js';
import { join } from 'node:path';
import { authHeaders } from '../../../support/auth';
import { json, RunningApp, useTestApp } from '../../../support/test-app';
import { EXAMPLES } from '../../../support/paths';
import { createTenant } from '../../../support/factories';

const invoice = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'));
const another = readFileSync(join(EXAMPLES, 'ubl', 'guide-example1.xml'));

/**
 * A tenant's TENANT_APPROVAL_THRESHOLD decides its approvals: the approval stage of the default
 * configuration (threshold-rules) applies the tenant's own value over the selection's thresholds.
 */
describe("tenant settings in the pipeline: the tenant's approval threshold", () => {
  const app = useTestApp();
  let running: RunningApp;
  let admin: Record<string, string>;
  const url = (path: string) => running.baseUrl + path;
  const submit = async (tenantId: string, body: Buffer) =>
    json(await fetch(url('/api/v1/invoices?wait=true'), { method: 'POST', headers: { ...(await authHeaders('submitter', { tenantId })), 'content-type': 'application/xml' }, body }));

  beforeAll(async () => {
    running = app.running;
    admin = { 'content-type': 'application/json', ...(await authHeaders('admin')) };
    const tenants: Array<[string, Record<string, string>]> = [
      ['thrifty', { TENANT_APPROVAL_THRESHOLD: '1.00' }],
      ['lavish', {}],
    ];
    for (const [tenantId, config] of tenants) await createTenant({ baseUrl: running.baseUrl, headers: admin }, { tenant_id: tenantId, config });
  });

  it('routes the same invoice to approval for the tenant whose own threshold it exceeds, and auto-approves it for the other', async () => {
    const [thrifty, lavish] = [await submit('thrifty', invoice), await submit('lavish', invoice)];
    expect([thrifty.status, lavish.status]).toEqual(['awaiting_approval', 'completed']);
    expect(new Decimal(thrifty.invoice.totals.payable).greaterThan('1.00')).toBe(true);
    expect([thrifty.decision, lavish.decision]).toEqual(['needs_approval', 'auto_approved']);
  });

  it("follows a change of the tenant's threshold through the admin API", async () => {
    const patched = await fetch(url('/api/v1/admin/tenants/thrifty'), { method: 'PATCH', headers: admin, body: JSON.stringify({ config: { TENANT_APPROVAL_THRESHOLD: '1000000' } }) });
    expect(patched.status).toBe(200);
    expect((await submit('thrifty', another)).decision).toBe('auto_approved');
  });
});
