import { canonicalFromJson } from '../../../../src/stages/canonical/from-json';
import { canonicalInvoice } from '../../../support/stages';

describe('canonical JSON reader', () => {
  it('keeps amounts as decimal strings and names the broken field', () => {
    const invoice = canonicalFromJson(Buffer.from(JSON.stringify(canonicalInvoice())));
    expect(invoice.totals.payable).toBe('125.13');
    expect(() => canonicalFromJson(Buffer.from(JSON.stringify({ ...canonicalInvoice(), totals: { payable: 125.13 } })))).toThrow('totals.payable: must be a decimal string');
    // Completeness is the validate stage's verdict (BR-02 ...), not the reader's.
    expect(canonicalFromJson(Buffer.from('{}'))).toMatchObject({ number: null, lines: [] });
  });
});
