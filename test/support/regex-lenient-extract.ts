import type { CanonicalInvoice } from '../../src/domain/canonical-invoice';

/**
 * The regex-based lenient extraction this service used before the linear scanner (kept only as
 * the reference the scanner must agree with on ordinary documents; never run on hostile input).
 */
function first(xml: string, localNames: string[]): string | null {
  for (const name of localNames) {
    const match = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)<`, 'i').exec(xml);
    const value = match?.[1]?.trim();
    if (value) return value;
  }
  return null;
}

/** The text of the first `<wrapper>` block, to read a party's name inside it. */
function block(xml: string, wrapper: string): string {
  const match = new RegExp(`<(?:[\\w.-]+:)?${wrapper}[\\s>][\\s\\S]*?</(?:[\\w.-]+:)?${wrapper}>`, 'i').exec(xml);
  return match?.[0] ?? '';
}

const CII_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const cii = CII_DATE.exec(value);
  return cii ? `${cii[1]}-${cii[2]}-${cii[3]}` : value;
}

function decimalOrNull(value: string | null): string | null {
  return value && DECIMAL.test(value) ? value : null;
}

export function regexLenientExtract(xml: string): CanonicalInvoice | null {
  const seller = block(xml, 'AccountingSupplierParty') || block(xml, 'SellerTradeParty');
  const buyer = block(xml, 'AccountingCustomerParty') || block(xml, 'BuyerTradeParty');
  const header = block(xml, 'ExchangedDocument');
  const number = header ? first(header, ['ID']) : first(xml, ['ID']);
  if (!number) return null;
  const partyName = (text: string) => first(text, ['RegistrationName', 'Name']);
  const vat = (text: string) => first(text, ['CompanyID']);
  return {
    syntax: /CrossIndustryInvoice/.test(xml) ? 'CII' : 'UBL',
    document_type: /<(?:[\w.-]+:)?CreditNote[\s>]/.test(xml) ? 'CreditNote' : 'Invoice',
    number,
    issue_date: isoDate(first(xml, ['IssueDate', 'DateTimeString'])),
    due_date: isoDate(first(xml, ['DueDate'])),
    type_code: first(xml, ['InvoiceTypeCode', 'CreditNoteTypeCode', 'TypeCode']),
    currency: first(xml, ['DocumentCurrencyCode', 'InvoiceCurrencyCode']),
    seller: { name: seller ? partyName(seller) : null, vat_id: seller ? vat(seller) : null, identifiers: [], country: null },
    buyer: { name: buyer ? partyName(buyer) : null, vat_id: buyer ? vat(buyer) : null, identifiers: [], country: null },
    totals: {
      line_net: decimalOrNull(first(xml, ['LineExtensionAmount', 'LineTotalAmount'])),
      tax_exclusive: decimalOrNull(first(xml, ['TaxExclusiveAmount', 'TaxBasisTotalAmount'])),
      tax: decimalOrNull(first(xml, ['TaxAmount', 'TaxTotalAmount'])),
      tax_inclusive: decimalOrNull(first(xml, ['TaxInclusiveAmount', 'GrandTotalAmount'])),
      payable: decimalOrNull(first(xml, ['PayableAmount', 'DuePayableAmount'])),
    },
    lines: [],
    partial: true,
  };
}
