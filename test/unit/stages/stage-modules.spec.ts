import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { CanonicalInvoice } from '../../../src/domain/canonical-invoice';
import { canonicalFromJson } from '../../../src/stages/canonical/from-json';
import type { TenantRegistry } from '../../../src/framework/tenancy';
import { ThresholdRulesModule, ThresholdRulesSettings } from '../../../src/stages/approval/threshold-rules.stage';
import { TenantSettings } from '../../../src/stages/tenant-settings';
import { EinvoiceXmlModule, EinvoiceXmlSettings } from '../../../src/stages/parse/einvoice-xml.stage';
import { lenientExtract } from '../../../src/stages/parse/lenient-extract';
import { SupplierDirectoryHttpSettings } from '../../../src/stages/enrich/supplier-directory-http.stage';
import { OutboxSettings } from '../../../src/stages/export/outbox.stage';
import { WebhookSettings } from '../../../src/stages/export/webhook.stage';
import { En16931Settings } from '../../../src/stages/validate/en16931.stage';
import { basicChecks } from '../../../src/stages/validate/basic-checks';
import { signWebhook, verifyWebhook } from '../../../src/stages/export/webhook-signature';
import { redeliveryDelayMs } from '../../../src/stages/export/outbox-relay';
import { EngineClient } from '../../../src/stages/engine/engine-client';
import { startWorkerPool } from '../../support/worker-pool';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'en16931', 'examples');
const ctx = <S extends object>(settings: S) => ({ settings, tenantId: 't', configVersion: 1 });

const canonical = (over: Partial<CanonicalInvoice> = {}): CanonicalInvoice => ({
  syntax: 'JSON',
  document_type: 'Invoice',
  number: 'INV-1',
  issue_date: '2026-01-31',
  due_date: null,
  type_code: '380',
  currency: 'EUR',
  seller: { name: 'Seller AB', vat_id: 'SE123', identifiers: [], country: 'SE' },
  buyer: { name: 'Buyer', vat_id: null, identifiers: [], country: null },
  totals: { line_net: '100.10', tax_exclusive: '100.10', tax: '25.03', tax_inclusive: '125.13', payable: '125.13' },
  lines: [{ id: '1', name: 'x', quantity: '1', unit: 'C62', net_amount: '100.10', vat_category: 'S', vat_rate: '25' }],
  partial: false,
  ...over,
});

describe('stage modules', () => {
  it('every settings DTO accepts {} and fills in its defaults', () => {
    const dtos: Array<new () => object> = [EinvoiceXmlSettings, En16931Settings, SupplierDirectoryHttpSettings, ThresholdRulesSettings, WebhookSettings, OutboxSettings];
    for (const type of dtos) {
      const settings = plainToInstance(type, {});
      expect(validateSync(settings, { forbidUnknownValues: true })).toEqual([]);
    }
    // No default threshold of its own: unset, TENANT_APPROVAL_THRESHOLD applies (see below).
    expect(plainToInstance(ThresholdRulesSettings, {})).toMatchObject({ default_threshold: undefined, reject_invalid: true });
  });

  it('einvoice-xml maps a UBL invoice onto the canonical model with decimal strings', async () => {
    const { pool } = await startWorkerPool({ workerPoolSize: 1 });
    const output = await new EinvoiceXmlModule(new EngineClient(pool)).execute(
      { document: readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml')), contentType: 'application/xml' },
      ctx(plainToInstance(EinvoiceXmlSettings, {})),
    );
    expect(output.invoice).toMatchObject({ syntax: 'UBL', number: '12115118', currency: 'EUR', partial: false });
    expect(typeof output.invoice.totals.payable).toBe('string');
    expect(output.parsed).toBeDefined();
    await pool.stop();
  });

  it('lenient extraction reads the core fields of XML strict parsing refuses, marked partial', () => {
    const xml = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'), 'utf8').replace('</Invoice>', '');
    const invoice = lenientExtract(xml);
    expect(invoice).toMatchObject({ number: '12115118', issue_date: '2015-01-09', currency: 'EUR', partial: true });
    expect(invoice?.seller.name).toEqual(expect.any(String));
    expect(lenientExtract('<nothing/>')).toBeNull();
  });

  it('canonical JSON keeps amounts as decimal strings and names the broken field', () => {
    const invoice = canonicalFromJson(Buffer.from(JSON.stringify(canonical())));
    expect(invoice.totals.payable).toBe('125.13');
    expect(() => canonicalFromJson(Buffer.from(JSON.stringify({ ...canonical(), totals: { payable: 125.13 } })))).toThrow('totals.payable: must be a decimal string');
    // Completeness is the validate stage's verdict (BR-02 ...), not the reader's.
    expect(canonicalFromJson(Buffer.from('{}'))).toMatchObject({ number: null, lines: [] });
  });

  it('basic checks verify mandatory fields and total arithmetic exactly (no float error)', () => {
    expect(basicChecks(canonical())).toEqual([]);
    const wrong = basicChecks(canonical({ totals: { line_net: '100.10', tax_exclusive: '100.10', tax: '25.03', tax_inclusive: '125.14', payable: '125.14' }, number: null }));
    expect(wrong.map((f) => f.rule)).toEqual(['BASIC-MANDATORY', 'BASIC-VAT-TOTAL']);
  });

  /** Tenant settings backed by one tenant whose approval threshold comes from `source`. */
  const tenantSettings = (approvalThreshold = '10000', source = 'default') =>
    new TenantSettings({ get: async () => ({ config: { approvalThreshold }, provenance: { TENANT_APPROVAL_THRESHOLD: source } }) } as unknown as TenantRegistry);

  it('threshold rules route by amount per currency, reviewed suppliers and validity', async () => {
    const rules = new ThresholdRulesModule(tenantSettings());
    const settings = plainToInstance(ThresholdRulesSettings, { thresholds: { EUR: '100' }, review_suppliers: ['se999'] });
    const valid = { valid: true, rule_set: 'en16931' as const, errors: [], warnings: [] };
    expect((await rules.execute({ invoice: canonical(), report: valid, supplier: null }, ctx(settings))).decision).toBe('needs_approval');
    const small = canonical({ totals: { ...canonical().totals, payable: '99.99' } });
    expect((await rules.execute({ invoice: small, report: valid, supplier: null }, ctx(settings))).decision).toBe('auto_approved');
    const reviewed = canonical({ seller: { ...canonical().seller, vat_id: 'SE999' }, totals: small.totals });
    expect((await rules.execute({ invoice: reviewed, report: valid, supplier: null }, ctx(settings))).decision).toBe('needs_approval');
    const invalid = { ...valid, valid: false, errors: [{ rule: 'BR-1', message: 'x' }] };
    expect((await rules.execute({ invoice: small, report: invalid, supplier: null }, ctx(settings))).decision).toBe('rejected');
  });

  it("threshold rules: the tenant's own TENANT_APPROVAL_THRESHOLD beats the selection, the selection beats the platform's", async () => {
    const valid = { valid: true, rule_set: 'en16931' as const, errors: [], warnings: [] };
    const invoice = canonical({ totals: { ...canonical().totals, payable: '99.99' } });
    const decide = async (settings: TenantSettings, selection: object) =>
      (await new ThresholdRulesModule(settings).execute({ invoice, report: valid, supplier: null }, ctx(plainToInstance(ThresholdRulesSettings, selection)))).decision;
    // The tenant's row sets 50: above it, whatever the selection says for the currency.
    expect(await decide(tenantSettings('50', 'tenant'), { thresholds: { EUR: '100' } })).toBe('needs_approval');
    // The platform (environment) says 50, the selection 100 for EUR: the selection wins.
    expect(await decide(tenantSettings('50', 'env'), { thresholds: { EUR: '100' } })).toBe('auto_approved');
    // Neither the selection's currency map nor its default covers it: the platform's 50 applies.
    expect(await decide(tenantSettings('50', 'instance'), {})).toBe('needs_approval');
    expect(await decide(tenantSettings('500', 'env'), {})).toBe('auto_approved');
  });

  it('signs webhooks with HMAC-SHA256 over timestamp and body', () => {
    const signature = signWebhook('secret-0123456789abcdef', '1700000000', '{"a":1}');
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('secret-0123456789abcdef', '1700000000', '{"a":1}', signature)).toBe(true);
    expect(verifyWebhook('secret-0123456789abcdef', '1700000001', '{"a":1}', signature)).toBe(false);
    expect(verifyWebhook('other-secret-0123456789', '1700000000', '{"a":1}', signature)).toBe(false);
  });

  it('backs outbox redeliveries off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map((n) => redeliveryDelayMs(n, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});
