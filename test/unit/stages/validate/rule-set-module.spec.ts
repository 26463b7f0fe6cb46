import type { TenantRegistry } from '../../../../src/framework/tenancy';
import { ruleSetFor } from '../../../../src/stages/validate/rule-set-module';
import { TenantSettings } from '../../../../src/stages/tenant-settings';
import { XRECHNUNG_CUSTOMIZATION_ID, XRECHNUNG_EXTENSION_CUSTOMIZATION_ID } from '../../../../src/einvoice';
import { canonicalInvoice } from '../../../support/stages';

const tenant = (validateRuleSet: string | undefined, source: string) =>
  new TenantSettings({ get: async () => ({ config: { validateRuleSet }, provenance: { TENANT_VALIDATE_RULE_SET: source } }) } as unknown as TenantRegistry);
const input = (specification_id: string | null = null) => ({ invoice: canonicalInvoice({ specification_id }) });

describe('the rule set a validate module judges by', () => {
  it("is the module's own unless the tenant set one for itself", async () => {
    expect(await ruleSetFor(tenant(undefined, 'default'), 'peppol-bis3', input(), 't')).toBe('peppol-bis3');
    expect(await ruleSetFor(tenant('en16931', 'tenant'), 'peppol-bis3', input(), 't')).toBe('en16931');
    // A platform-wide value (environment) does not override the selected module.
    expect(await ruleSetFor(tenant('en16931', 'env'), 'xrechnung', input(), 't')).toBe('xrechnung');
  });

  it('is the XRechnung extension scenario for an XRechnung document that claims the extension', async () => {
    expect(await ruleSetFor(tenant(undefined, 'default'), 'xrechnung', input(XRECHNUNG_EXTENSION_CUSTOMIZATION_ID), 't')).toBe('xrechnung-extension');
    expect(await ruleSetFor(tenant(undefined, 'default'), 'xrechnung', input(XRECHNUNG_CUSTOMIZATION_ID), 't')).toBe('xrechnung');
    expect(await ruleSetFor(tenant(undefined, 'default'), 'peppol-bis3', input(XRECHNUNG_EXTENSION_CUSTOMIZATION_ID), 't')).toBe('peppol-bis3');
  });
});
