import { basicChecks } from '../../../../src/stages/validate/basic-checks';
import { canonicalInvoice } from '../../../support/stages';

describe('basic checks', () => {
  it('verify mandatory fields and total arithmetic exactly (no float error)', () => {
    expect(basicChecks(canonicalInvoice())).toEqual([]);
    const wrong = basicChecks(canonicalInvoice({ totals: { line_net: '100.10', tax_exclusive: '100.10', tax: '25.03', tax_inclusive: '125.14', payable: '125.14' }, number: null }));
    expect(wrong.map((f) => f.rule)).toEqual(['BASIC-MANDATORY', 'BASIC-VAT-TOTAL']);
  });
});
