import { businessTerm, invoiceView, reportView, type InvoiceFacts } from '../../../../src/invoices/rendering/invoice-view';

const facts = (over: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  id: '6f1c1f5e-3a53-4a54-9a39-4d1bde2d0c11',
  status: 'failed',
  received_at: '2026-11-28T10:00:00.000Z',
  sha256: 'a'.repeat(64),
  content_type: 'application/xml',
  decision: null,
  decision_reasons: [],
  duplicate_of: null,
  failure_reason: 'parse: the document is not well-formed',
  invoice: null,
  validation: null,
  ...over,
});

describe('invoice view', () => {
  it('names the business term the report gives, else the first one the rule text names', () => {
    expect(businessTerm({ business_term: 'BG-23', message: '[BR-CO-18]-An Invoice shall at least have one VAT breakdown group (BG-23).' })).toBe('BG-23');
    expect(businessTerm({ message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).' })).toBe('BT-5');
    expect(businessTerm({ message: 'Value out of code list' })).toBe('');
  });

  it('shows an invoice that could not be read: processing facts, no sections, no report', () => {
    const view = invoiceView(facts());
    expect(view.title).toBe('Invoice 6f1c1f5e-3a53-4a54-9a39-4d1bde2d0c11');
    expect(view.processing).toContainEqual({ label: 'Failure', value: 'parse: the document is not well-formed' });
    expect(view.processing.map((f) => f.label)).not.toContain('Decision');
    expect(view.tables).toEqual([]);
    expect(view.report).toBeNull();
  });

  it('says a degraded report is no verdict, and lists errors before warnings with their severities', () => {
    const report = reportView({
      valid: false,
      degraded: true,
      rule_set: 'basic-checks',
      concerns: ['validate: fallback basic-checks keeps fewer guarantees'],
      errors: [{ rule: 'BR-05', message: 'currency (BT-5) missing', location: '/Invoice' }],
      warnings: [{ rule: 'BR-CO-26', message: 'seller identifier (BT-29), (BT-30) or (BT-31)', location: '/Invoice/Seller' }],
    });
    expect(report?.verdict).toMatch(/^not valid \(degraded/);
    expect(report?.findings.map((f) => [f.rule, f.severity, f.business_term])).toEqual([
      ['BR-05', 'fatal', 'BT-5'],
      ['BR-CO-26', 'warning', 'BT-29'],
    ]);
    expect(report?.concerns).toEqual(['validate: fallback basic-checks keeps fewer guarantees']);
  });
});
