import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders } from '../../../support/auth';
import { activateSelections } from '../../../support/configurations';
import { createTenant } from '../../../support/factories';
import { EXAMPLES } from '../../../support/paths';
import { json, RunningApp, useTestApp } from '../../../support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Peppol BIS 3 document (CustomizationID ...poacc:billing:3.0) from the Peppol examples. */
const peppolInvoice = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'));
/** An EN 16931 document (CustomizationID urn:cen.eu:en16931:2017). */
const coreInvoice = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'));

/**
 * The validate stage's rule-set modules: a configuration selects peppol-bis3 for the stage, a
 * tenant's TENANT_VALIDATE_RULE_SET overrides the module's rule set for that tenant, the stored
 * validation report names the rule set; POST /validate takes ?rule_set or picks by CustomizationID.
 */
describe('validate stage: rule sets per configuration and tenant', () => {
  const app = useTestApp();
  let running: RunningApp;
  let admin: Record<string, string>;
  const url = (path: string) => running.baseUrl + path;
  const submit = async (tenantId: string, body: Buffer): Promise<Json> =>
    json(await fetch(url('/api/v1/invoices?wait=true'), { method: 'POST', headers: { ...(await authHeaders('submitter', { tenantId })), 'content-type': 'application/xml' }, body }));
  const validate = async (query: string, body: Buffer) =>
    fetch(url(`/api/v1/validate${query}`), { method: 'POST', headers: { ...(await authHeaders('submitter', { tenantId: 'default' })), 'content-type': 'application/xml' }, body });

  beforeAll(async () => {
    running = app.running;
    admin = { 'content-type': 'application/json', ...(await authHeaders('admin')) };
    await createTenant({ baseUrl: running.baseUrl, headers: admin }, { tenant_id: 'core-only', config: { TENANT_VALIDATE_RULE_SET: 'en16931' } });
    await createTenant({ baseUrl: running.baseUrl, headers: admin }, { tenant_id: 'peppol-shop' });
  });

  it('lists peppol-bis3 and xrechnung as available validate modules', async () => {
    const modules = await json<Json[]>(await fetch(url('/api/v1/modules?stage=validate'), { headers: admin }));
    expect(modules.filter((m) => ['en16931', 'peppol-bis3', 'xrechnung'].includes(m.module_id)).map((m) => [m.module_id, m.status])).toEqual(
      expect.arrayContaining([
        ['en16931', 'available'],
        ['peppol-bis3', 'available'],
        ['xrechnung', 'available'],
      ]),
    );
  });

  it('records peppol-bis3 in the validation report once a configuration selects it for the validate stage', async () => {
    await activateSelections(running.baseUrl, await authHeaders('admin'), [
      { stage_id: 'parse', module_id: 'einvoice-xml' },
      { stage_id: 'validate', module_id: 'peppol-bis3' },
      { stage_id: 'enrich', module_id: 'supplier-directory-db' },
      { stage_id: 'duplicate-check', module_id: 'fingerprint' },
      { stage_id: 'approval', module_id: 'threshold-rules' },
    ]);
    const processed = await submit('peppol-shop', peppolInvoice);
    expect(processed.stages.find((s: Json) => s.stage_id === 'validate')).toMatchObject({ module_id: 'peppol-bis3', outcome: 'ok' });
    expect(processed.validation).toMatchObject({ rule_set: 'peppol-bis3', rule_set_version: '3.0.19', syntax_binding: 'UBL' });
    // The example predates PEPPOL-COMMON-R049 (seller endpoint scheme 0007 needs a 10-digit number).
    expect(processed.validation.errors.map((e: Json) => e.rule)).toContain('PEPPOL-COMMON-R049');
  });

  it("judges a tenant's invoices by its own TENANT_VALIDATE_RULE_SET under the same configuration", async () => {
    const processed = await submit('core-only', peppolInvoice);
    expect(processed.stages.find((s: Json) => s.stage_id === 'validate')).toMatchObject({ module_id: 'peppol-bis3' });
    expect(processed.validation).toMatchObject({ valid: true, rule_set: 'en16931', rule_set_version: '1.3.16' });
    const patched = await fetch(url('/api/v1/admin/tenants/core-only'), { method: 'PATCH', headers: admin, body: JSON.stringify({ config: { TENANT_VALIDATE_RULE_SET: null } }) });
    expect(patched.status).toBe(200);
    expect((await submit('core-only', coreInvoice)).validation).toMatchObject({ rule_set: 'peppol-bis3' });
  });

  it('refuses an unknown rule set in a tenant override', async () => {
    const refused = await fetch(url('/api/v1/admin/tenants/core-only'), { method: 'PATCH', headers: admin, body: JSON.stringify({ config: { TENANT_VALIDATE_RULE_SET: 'bogus' } }) });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors).toEqual([expect.objectContaining({ field: 'config.TENANT_VALIDATE_RULE_SET' })]);
  });

  it('POST /validate picks the rule set from the CustomizationID, or takes ?rule_set', async () => {
    const byDefault = await json(await validate('', peppolInvoice));
    expect(byDefault).toMatchObject({ valid: false, rule_set: 'peppol-bis3', rule_set_version: '3.0.19', syntax: 'UBL' });
    expect(byDefault.errors).toContainEqual(expect.objectContaining({ rule: 'PEPPOL-COMMON-R049', location: expect.any(String) }));
    expect(await json(await validate('', coreInvoice))).toMatchObject({ valid: true, rule_set: 'en16931' });
    expect(await json(await validate('?rule_set=en16931', peppolInvoice))).toMatchObject({ valid: true, rule_set: 'en16931', errors: [] });
    const xr = await json(await validate('?rule_set=xrechnung', coreInvoice));
    expect(xr).toMatchObject({ rule_set: 'xrechnung' });
  });

  it('POST /validate answers an unknown rule_set with problem+json naming the field', async () => {
    const response = await validate('?rule_set=bogus', peppolInvoice);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await json(response)).errors).toEqual([expect.objectContaining({ field: 'rule_set', reason: expect.stringContaining('peppol-bis3') })]);
  });
});
