import { ALL_RULES, RULES_BY_ID, parseDocument, validateDocument, validateInvoice, type Rule } from '../../../src/einvoice';

const UBL = 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"';

describe('rule engine', () => {
  it('has unique rule ids with official severities', () => {
    expect(RULES_BY_ID.size).toBe(ALL_RULES.length);
    expect(RULES_BY_ID.get('BR-CO-14')?.severity).toBe('fatal');
    expect(RULES_BY_ID.get('BR-51')?.severity).toBe('warning');
    expect(RULES_BY_ID.get('UBL-CR-001')?.severity).toBe('warning');
    for (const family of ['BR-S-08', 'BR-Z-08', 'BR-E-08', 'BR-AE-08', 'BR-IC-08', 'BR-G-08', 'BR-O-08', 'BR-AF-08', 'BR-AG-08', 'BR-CL-23', 'BR-DEC-23']) {
      expect(RULES_BY_ID.has(family)).toBe(true);
    }
  });

  it('isolates a throwing rule: the others still report', () => {
    const doc = parseDocument(`<Invoice ${UBL}><cbc:ID>1</cbc:ID></Invoice>`);
    const boom: Rule = { id: 'TEST-BOOM', severity: 'fatal', message: 'boom', family: 'test', check: () => { throw new Error('kaput'); } };
    const report = validateInvoice(doc, { rules: [boom, ...ALL_RULES] });
    expect(report.ruleFailures).toEqual([{ rule: 'TEST-BOOM', message: 'kaput' }]);
    expect(report.errors.map((e) => e.rule)).toEqual(expect.arrayContaining(['BR-01', 'BR-03', 'BR-16']));
    expect(report.errors.map((e) => e.rule)).not.toContain('BR-02');
  });

  it('runs every rule independently on a fragment and points at the offending element', () => {
    const report = validateDocument(`<Invoice ${UBL}>
      <cac:AccountingSupplierParty><cac:Party><cac:PostalAddress/></cac:Party></cac:AccountingSupplierParty>
      <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">10.001</cbc:LineExtensionAmount></cac:LegalMonetaryTotal>
    </Invoice>`);
    expect(report.valid).toBe(false);
    const at = (rule: string): string[] => report.errors.filter((e) => e.rule === rule).map((e) => e.location);
    expect(at('BR-09')).toEqual(['/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress']);
    expect(at('BR-CO-26')).toEqual(['/Invoice/cac:AccountingSupplierParty']);
    expect(at('BR-DEC-09')).toEqual(['/Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount']);
    expect(at('BR-13')).toEqual(['/Invoice/cac:LegalMonetaryTotal']);
    expect(report.errors.every((e) => e.severity === 'fatal' && e.message.length > 10)).toBe(true);
  });

  it('applies the BR-CO-14 two-decimal rounding and the BR-S-09 tolerance', () => {
    const doc = (tax: string, sub1: string, sub2: string): string => `<Invoice ${UBL}><cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${tax}</cbc:TaxAmount>
      <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${sub1}</cbc:TaxAmount>
        <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
      <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">0</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${sub2}</cbc:TaxAmount>
        <cac:TaxCategory><cbc:ID>Z</cbc:ID><cbc:Percent>0</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>
      </cac:TaxTotal></Invoice>`;
    const fired = (xml: string, rule: string): boolean => validateDocument(xml).errors.some((e) => e.rule === rule);
    expect(fired(doc('25.00', '25', '0'), 'BR-CO-14')).toBe(false);
    expect(fired(doc('25.01', '25', '0'), 'BR-CO-14')).toBe(true);
    expect(fired(doc('25.01', '25.005', '0'), 'BR-CO-14')).toBe(false); // 25.005 rounds half up to 25.01
    expect(fired(doc('25.99', '25.99', '0'), 'BR-S-09')).toBe(false); // within the official ±1 tolerance
    expect(fired(doc('26.00', '26.00', '0'), 'BR-S-09')).toBe(true);
  });

  it('reports UBL syntax-binding warnings (UBL-CR) at the offending element without invalidating', () => {
    const report = validateDocument(`<Invoice ${UBL}>
      <cbc:UUID>x</cbc:UUID>
      <cac:InvoicePeriod><cbc:StartDate>2024-01-01</cbc:StartDate><cbc:StartTime>10:00:00</cbc:StartTime></cac:InvoicePeriod>
      <cac:InvoiceLine><cbc:InvoicedQuantity unitCode="C62" unitCodeListID="UNECERec20">1</cbc:InvoicedQuantity></cac:InvoiceLine>
    </Invoice>`);
    const at = (rule: string): string[] => report.warnings.filter((w) => w.rule === rule).map((w) => w.location);
    expect(at('UBL-CR-005')).toEqual(['/Invoice/cbc:UUID']);
    expect(at('UBL-CR-012')).toEqual(['/Invoice/cac:InvoicePeriod/cbc:StartTime']);
    expect(at('UBL-CR-663')).toEqual(['/Invoice/cac:InvoiceLine/cbc:InvoicedQuantity']);
    expect(report.warnings.every((w) => w.severity === 'warning')).toBe(true);
    expect(report.errors.some((e) => e.rule.startsWith('UBL-CR'))).toBe(false);
  });

  it('applies CII syntax-binding rules only to CII documents', () => {
    const cii = `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
      xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
      <rsm:ExchangedDocumentContext><ram:TestIndicator/></rsm:ExchangedDocumentContext></rsm:CrossIndustryInvoice>`;
    const report = validateDocument(cii);
    expect(report.warnings.map((w) => w.rule)).toContain('CII-SR-002');
    expect(report.errors.map((e) => e.rule)).toContain('CII-SR-009');
    // Like Schematron, a rule whose context element is absent does not fire.
    expect(report.errors.map((e) => e.rule)).not.toContain('CII-SR-014');
    expect(report.warnings.concat(report.errors).some((f) => f.rule.startsWith('UBL-'))).toBe(false);
  });
});

