/**
 * The service's canonical invoice: the compact, syntax-neutral view every stage after parsing
 * works on (and the body of `application/json` submissions). Amounts are decimal strings, never
 * floats, so they survive JSON without rounding.
 */
export interface CanonicalParty {
  name: string | null;
  vat_id: string | null;
  identifiers: string[];
  country: string | null;
}

export interface CanonicalTotals {
  line_net: string | null;
  tax_exclusive: string | null;
  tax: string | null;
  tax_inclusive: string | null;
  payable: string | null;
}

export interface CanonicalLine {
  id: string | null;
  name: string | null;
  quantity: string | null;
  unit: string | null;
  net_amount: string | null;
  vat_category: string | null;
  vat_rate: string | null;
}

export interface CanonicalInvoice {
  syntax: 'UBL' | 'CII' | 'JSON';
  document_type: 'Invoice' | 'CreditNote';
  number: string | null;
  issue_date: string | null;
  due_date: string | null;
  type_code: string | null;
  currency: string | null;
  seller: CanonicalParty;
  buyer: CanonicalParty;
  totals: CanonicalTotals;
  lines: CanonicalLine[];
  /** True when only the core fields could be extracted (lenient parsing). */
  partial: boolean;
}

/** The supplier key duplicates and the directory are matched on: VAT id, else the name. */
export function supplierKey(invoice: CanonicalInvoice): string | null {
  const key = invoice.seller.vat_id ?? invoice.seller.name;
  return key ? key.trim().toUpperCase() : null;
}

/** The invoice total the rules and the duplicate check use: payable, else tax inclusive. */
export function invoiceTotal(invoice: CanonicalInvoice): string | null {
  return invoice.totals.payable ?? invoice.totals.tax_inclusive;
}
