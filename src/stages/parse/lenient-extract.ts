import type { CanonicalInvoice } from '../../domain/canonical-invoice';
import { scanElements, type ScannedElements } from './lenient-scan';

/**
 * Tolerant extraction of the core fields from XML that strict parsing refused (wrong namespace,
 * unclosed elements, an unknown root). Reads element text by local name (case-insensitive),
 * ignoring structure. One linear scan of the document (lenient-scan.ts) feeds every lookup, so
 * hostile input costs time proportional to its size, never a regex backtracking over it.
 */

/** Ordinal range of elements a lookup is limited to: [from, to). */
interface Range {
  from: number;
  to: number;
}

/** The text of the first element named like one of `localNames` (in that order of preference) inside `range`. */
function first(scan: ScannedElements, range: Range, localNames: string[]): string | null {
  for (const name of localNames) {
    for (const element of scan.texts.get(name.toLowerCase()) ?? []) {
      if (element.ordinal >= range.to) break;
      // Like the first match of a pattern: the first such element decides, an empty one gives way to the next name.
      if (element.ordinal >= range.from) {
        if (element.text) return element.text;
        break;
      }
    }
  }
  return null;
}

/** The elements between the first `<wrapper>` and the first `</wrapper>` after it, or null. */
function block(scan: ScannedElements, wrapper: string): Range | null {
  const name = wrapper.toLowerCase();
  const from = scan.firstOpen.get(name);
  if (from === undefined) return null;
  const to = scan.closes.get(name)?.find((ordinal) => ordinal > from);
  return to === undefined ? null : { from, to };
}

const CII_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** Longest value the date and amount patterns are tried on (they are anchored, but a bound keeps them trivially cheap). */
const MAX_FIELD = 64;

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const cii = value.length <= MAX_FIELD ? CII_DATE.exec(value) : null;
  return cii ? `${cii[1]}-${cii[2]}-${cii[3]}` : value;
}

function decimalOrNull(value: string | null): string | null {
  return value && value.length <= MAX_FIELD && DECIMAL.test(value) ? value : null;
}

/** Every local name the extraction reads (lower case); the scan records no other element. */
const NAMES = new Set(
  [
    ...['AccountingSupplierParty', 'SellerTradeParty', 'AccountingCustomerParty', 'BuyerTradeParty', 'ExchangedDocument', 'CreditNote'],
    ...['ID', 'RegistrationName', 'Name', 'CompanyID', 'IssueDate', 'DateTimeString', 'DueDate', 'InvoiceTypeCode', 'CreditNoteTypeCode', 'TypeCode'],
    ...['DocumentCurrencyCode', 'InvoiceCurrencyCode', 'LineExtensionAmount', 'LineTotalAmount', 'TaxExclusiveAmount', 'TaxBasisTotalAmount'],
    ...['TaxAmount', 'TaxTotalAmount', 'TaxInclusiveAmount', 'GrandTotalAmount', 'PayableAmount', 'DuePayableAmount'],
  ].map((name) => name.toLowerCase()),
);

export function lenientExtract(xml: string): CanonicalInvoice | null {
  const scan = scanElements(xml, NAMES);
  const all: Range = { from: 0, to: Number.MAX_SAFE_INTEGER };
  const seller = block(scan, 'AccountingSupplierParty') ?? block(scan, 'SellerTradeParty');
  const buyer = block(scan, 'AccountingCustomerParty') ?? block(scan, 'BuyerTradeParty');
  const header = block(scan, 'ExchangedDocument');
  const number = first(scan, header ?? all, ['ID']);
  if (!number) return null;
  const party = (range: Range | null) => ({
    name: range ? first(scan, range, ['RegistrationName', 'Name']) : null,
    vat_id: range ? first(scan, range, ['CompanyID']) : null,
    identifiers: [],
    country: null,
  });
  const field = (...names: string[]) => first(scan, all, names);
  return {
    syntax: xml.includes('CrossIndustryInvoice') ? 'CII' : 'UBL',
    document_type: scan.opened.has('CreditNote') ? 'CreditNote' : 'Invoice',
    number,
    issue_date: isoDate(field('IssueDate', 'DateTimeString')),
    due_date: isoDate(field('DueDate')),
    type_code: field('InvoiceTypeCode', 'CreditNoteTypeCode', 'TypeCode'),
    currency: field('DocumentCurrencyCode', 'InvoiceCurrencyCode'),
    seller: party(seller),
    buyer: party(buyer),
    totals: {
      line_net: decimalOrNull(field('LineExtensionAmount', 'LineTotalAmount')),
      tax_exclusive: decimalOrNull(field('TaxExclusiveAmount', 'TaxBasisTotalAmount')),
      tax: decimalOrNull(field('TaxAmount', 'TaxTotalAmount')),
      tax_inclusive: decimalOrNull(field('TaxInclusiveAmount', 'GrandTotalAmount')),
      payable: decimalOrNull(field('PayableAmount', 'DuePayableAmount')),
    },
    lines: [],
    partial: true,
  };
}
