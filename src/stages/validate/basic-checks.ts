import Decimal from 'decimal.js';
import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import type { ValidationFinding } from '../../pipeline/contracts';

const dec = (value: string | null): Decimal | null => (value === null ? null : new Decimal(value));

/** Mandatory core fields and total arithmetic only: what a canonical invoice must hold to be processed. */
export function basicChecks(invoice: CanonicalInvoice): ValidationFinding[] {
  const errors: ValidationFinding[] = [];
  const required: Array<[keyof CanonicalInvoice, string]> = [
    ['number', 'BT-1 invoice number'],
    ['issue_date', 'BT-2 issue date'],
    ['currency', 'BT-5 currency code'],
  ];
  for (const [field, label] of required) {
    if (!invoice[field]) errors.push({ rule: 'BASIC-MANDATORY', message: `${label} is missing`, location: field });
  }
  if (!invoice.seller.name) errors.push({ rule: 'BASIC-MANDATORY', message: 'BT-27 seller name is missing', location: 'seller.name' });
  const t = invoice.totals;
  if (!t.payable && !t.tax_inclusive) errors.push({ rule: 'BASIC-MANDATORY', message: 'BT-115 amount due is missing', location: 'totals.payable' });

  // BR-CO-10: the line net total is the sum of the line net amounts.
  const lineAmounts = invoice.lines.map((l) => dec(l.net_amount));
  if (t.line_net !== null && lineAmounts.length > 0 && lineAmounts.every((a) => a !== null)) {
    const sum = lineAmounts.reduce((acc: Decimal, a) => acc.plus(a), new Decimal(0));
    if (!sum.equals(dec(t.line_net)!)) {
      errors.push({ rule: 'BASIC-LINE-TOTAL', message: `line net total ${t.line_net} is not the sum of the lines ${sum.toString()}`, location: 'totals.line_net' });
    }
  }
  // BR-CO-15: total with VAT = total without VAT + VAT.
  if (t.tax_exclusive !== null && t.tax !== null && t.tax_inclusive !== null) {
    const expected = dec(t.tax_exclusive)!.plus(dec(t.tax)!);
    if (!expected.equals(dec(t.tax_inclusive)!)) {
      errors.push({ rule: 'BASIC-VAT-TOTAL', message: `total with VAT ${t.tax_inclusive} is not ${expected.toString()}`, location: 'totals.tax_inclusive' });
    }
  }
  return errors;
}
