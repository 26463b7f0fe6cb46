import { plainToInstance } from 'class-transformer';
import type { TenantRegistry } from '../../../../src/framework/tenancy';
import { ThresholdRulesModule, ThresholdRulesSettings } from '../../../../src/stages/approval/threshold-rules.stage';
import { TenantSettings } from '../../../../src/stages/tenant-settings';
import { canonicalInvoice as canonical, stageContext as ctx } from '../../../support/stages';

/** Tenant settings backed by one tenant whose approval threshold comes from `source`. */
const tenantSettings = (approvalThreshold = '10000', source = 'default') =>
  new TenantSettings({ get: async () => ({ config: { approvalThreshold }, provenance: { TENANT_APPROVAL_THRESHOLD: source } }) } as unknown as TenantRegistry);

describe('threshold rules', () => {
  it('route by amount per currency, reviewed suppliers and validity', async () => {
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

  it("the tenant's own TENANT_APPROVAL_THRESHOLD beats the selection, the selection beats the platform's", async () => {
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
});
