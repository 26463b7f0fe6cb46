import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TenantDatabase } from '../../../../src/framework/database';
import { SupplierCache } from '../../../../src/stages/enrich/supplier-cache';
import { SupplierRepository } from '../../../../src/stages/enrich/supplier.repository';
import { authHeaders } from '../../../support/auth';
import { eventually } from '../../../support/eventually';
import { createTenant } from '../../../support/factories';
import { EXAMPLES } from '../../../support/paths';
import { json, RunningApp, useTestApp } from '../../../support/test-app';

const document = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Min_content_with_VAT.xml'), 'utf8');
/** The same parties under another invoice number (not a duplicate). */
const invoice = (number: string): string => document.replace('<cbc:ID>2018-112</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`);

/**
 * The hot path of POST /invoices?wait=true with the supplier lookup cache (issue 17): the first
 * invoice of a supplier reads the suppliers table, the next ones of the same parties do not, so
 * each needs one database round trip less (the tenant's statements are counted on TenantDatabase, through
 * which every statement on tenant-owned tables goes).
 */
describe('supplier lookup cache on the invoice hot path', () => {
  const app = useTestApp();
  let running: RunningApp;
  const submit = async (number: string) =>
    json(
      await fetch(`${running.baseUrl}/api/v1/invoices?wait=true`, {
        method: 'POST',
        headers: { ...(await authHeaders('submitter', { tenantId: 'hotpath' })), 'content-type': 'application/xml' },
        body: invoice(number),
      }),
    );

  beforeAll(async () => {
    running = app.running;
    await createTenant({ baseUrl: running.baseUrl, headers: { 'content-type': 'application/json', ...(await authHeaders('admin')) } }, 'hotpath');
  });

  it('answers the second invoice of the same parties from the cache: one statement less', async () => {
    const cache = running.app.get(SupplierCache);
    if (app.db.kind === 'embedded') {
      // PGlite's socket delivers no notification across connections: no cache, every lookup queries.
      expect(cache.serving).toBe(false);
      return;
    }
    await eventually(() => (cache.serving ? true : undefined), { describe: 'the supplier cache to serve' });
    const lookups = jest.spyOn(running.app.get(SupplierRepository), 'findByLookupKeys');
    const statements = [
      jest.spyOn(running.app.get(TenantDatabase), 'statement'),
      jest.spyOn(running.app.get(TenantDatabase), 'transaction'),
    ];
    const count = async (number: string): Promise<number> => {
      for (const spy of statements) spy.mockClear();
      expect((await submit(number)).status).toBe('completed');
      // The tenant's own round trips (background work of other tenants or none, e.g. lease renewals, aside).
      return statements.reduce((sum, spy) => sum + spy.mock.calls.filter(([tenantId]) => tenantId === 'hotpath').length, 0);
    };
    const cold = await count('HOT-1');
    expect(lookups).toHaveBeenCalledTimes(1);
    const warm = await count('HOT-2');
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(warm).toBe(cold - 1);
    process.stdout.write(`hot path statements per invoice: cold cache ${cold}, warm cache ${warm}\n`);
  });
});
