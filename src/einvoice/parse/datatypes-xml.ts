/**
 * XSD datatype pass over a parsed tree: the dates, decimals and codes the mappers read are
 * checked against their lexical space while parsing, so an invalid value becomes a finding of
 * the validation report (rule XSD-DATATYPE, with the element's location and business term)
 * rather than an exception later, e.g. when a date reaches PostgreSQL.
 */
import { isCii102Date, isCodeToken, isDecimalText, isIsoDate } from '../datatypes';
import type { XmlSyntax } from '../model/invoice';
import { ReadElement, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';

export const DATATYPE_RULE = 'XSD-DATATYPE';

export interface DatatypeFinding {
  rule: typeof DATATYPE_RULE;
  /** The business term(s) the element carries, e.g. 'BT-2'. */
  term: string;
  message: string;
  location: string;
}

type Kind = 'date' | 'cii-date' | 'decimal' | 'code';
interface Field {
  kind: Kind;
  term: string;
}

const UBL: ReadonlyMap<string, Field> = new Map<string, Field>([
  ['IssueDate', { kind: 'date', term: 'BT-2 Invoice issue date' }],
  ['DueDate', { kind: 'date', term: 'BT-9 Payment due date' }],
  ['PaymentDueDate', { kind: 'date', term: 'BT-9 Payment due date' }],
  ['TaxPointDate', { kind: 'date', term: 'BT-7 Value added tax point date' }],
  ['StartDate', { kind: 'date', term: 'BT-73/BT-134 period start date' }],
  ['EndDate', { kind: 'date', term: 'BT-74/BT-135 period end date' }],
  ['ActualDeliveryDate', { kind: 'date', term: 'BT-72 Actual delivery date' }],
  ['LineExtensionAmount', { kind: 'decimal', term: 'BT-106/BT-131 net amount' }],
  ['TaxExclusiveAmount', { kind: 'decimal', term: 'BT-109 Invoice total amount without VAT' }],
  ['TaxInclusiveAmount', { kind: 'decimal', term: 'BT-112 Invoice total amount with VAT' }],
  ['AllowanceTotalAmount', { kind: 'decimal', term: 'BT-107 Sum of allowances on document level' }],
  ['ChargeTotalAmount', { kind: 'decimal', term: 'BT-108 Sum of charges on document level' }],
  ['PrepaidAmount', { kind: 'decimal', term: 'BT-113 Paid amount' }],
  ['PayableRoundingAmount', { kind: 'decimal', term: 'BT-114 Rounding amount' }],
  ['PayableAmount', { kind: 'decimal', term: 'BT-115 Amount due for payment' }],
  ['TaxAmount', { kind: 'decimal', term: 'BT-110/BT-117 VAT amount' }],
  ['TaxableAmount', { kind: 'decimal', term: 'BT-116 VAT category taxable amount' }],
  ['Amount', { kind: 'decimal', term: 'BT-92/BT-99/BT-136/BT-141/BT-147 allowance or charge amount' }],
  ['BaseAmount', { kind: 'decimal', term: 'BT-93/BT-100/BT-137/BT-142/BT-148 base amount' }],
  ['PriceAmount', { kind: 'decimal', term: 'BT-146 Item net price' }],
  ['InvoicedQuantity', { kind: 'decimal', term: 'BT-129 Invoiced quantity' }],
  ['CreditedQuantity', { kind: 'decimal', term: 'BT-129 Invoiced quantity' }],
  ['BaseQuantity', { kind: 'decimal', term: 'BT-149 Item price base quantity' }],
  ['Percent', { kind: 'decimal', term: 'BT-96/BT-103/BT-119/BT-152 VAT rate' }],
  ['MultiplierFactorNumeric', { kind: 'decimal', term: 'BT-94/BT-101/BT-138/BT-143 percentage' }],
  ['DocumentCurrencyCode', { kind: 'code', term: 'BT-5 Invoice currency code' }],
  ['TaxCurrencyCode', { kind: 'code', term: 'BT-6 VAT accounting currency code' }],
  ['IdentificationCode', { kind: 'code', term: 'BT-40/BT-55/BT-69/BT-80/BT-159 country code' }],
]);
const UBL_VAT_CATEGORY: Field = { kind: 'code', term: 'BT-95/BT-102/BT-118/BT-151 VAT category code' };

const CII: ReadonlyMap<string, Field> = new Map<string, Field>([
  ['LineTotalAmount', { kind: 'decimal', term: 'BT-106/BT-131 net amount' }],
  ['TaxBasisTotalAmount', { kind: 'decimal', term: 'BT-109 Invoice total amount without VAT' }],
  ['TaxTotalAmount', { kind: 'decimal', term: 'BT-110/BT-111 Invoice total VAT amount' }],
  ['GrandTotalAmount', { kind: 'decimal', term: 'BT-112 Invoice total amount with VAT' }],
  ['TotalPrepaidAmount', { kind: 'decimal', term: 'BT-113 Paid amount' }],
  ['RoundingAmount', { kind: 'decimal', term: 'BT-114 Rounding amount' }],
  ['DuePayableAmount', { kind: 'decimal', term: 'BT-115 Amount due for payment' }],
  ['AllowanceTotalAmount', { kind: 'decimal', term: 'BT-107 Sum of allowances on document level' }],
  ['ChargeTotalAmount', { kind: 'decimal', term: 'BT-108 Sum of charges on document level' }],
  ['BasisAmount', { kind: 'decimal', term: 'BT-93/BT-100/BT-116/BT-137/BT-142 base amount' }],
  ['CalculatedAmount', { kind: 'decimal', term: 'BT-117 VAT category tax amount' }],
  ['ActualAmount', { kind: 'decimal', term: 'BT-92/BT-99/BT-136/BT-141/BT-147 allowance or charge amount' }],
  ['ChargeAmount', { kind: 'decimal', term: 'BT-146/BT-148 item price' }],
  ['BilledQuantity', { kind: 'decimal', term: 'BT-129 Invoiced quantity' }],
  ['BasisQuantity', { kind: 'decimal', term: 'BT-149 Item price base quantity' }],
  ['RateApplicablePercent', { kind: 'decimal', term: 'BT-96/BT-103/BT-119/BT-152 VAT rate' }],
  ['CalculationPercent', { kind: 'decimal', term: 'BT-94/BT-101/BT-138/BT-143 percentage' }],
  ['InvoiceCurrencyCode', { kind: 'code', term: 'BT-5 Invoice currency code' }],
  ['TaxCurrencyCode', { kind: 'code', term: 'BT-6 VAT accounting currency code' }],
  ['CountryID', { kind: 'code', term: 'BT-40/BT-55/BT-69/BT-80/BT-159 country code' }],
  ['CategoryCode', { kind: 'code', term: 'BT-95/BT-102/BT-118/BT-151 VAT category code' }],
]);

/** CII dates: the term is named by the element holding the DateTimeString. */
const CII_DATE_TERMS: ReadonlyMap<string, string> = new Map([
  ['IssueDateTime', 'BT-2 Invoice issue date'],
  ['DueDateDateTime', 'BT-9 Payment due date'],
  ['TaxPointDate', 'BT-7 Value added tax point date'],
  ['StartDateTime', 'BT-73/BT-134 period start date'],
  ['EndDateTime', 'BT-74/BT-135 period end date'],
  ['OccurrenceDateTime', 'BT-72 Actual delivery date'],
  ['FormattedIssueDateTime', 'BT-26 Preceding invoice issue date'],
]);

const EXPECTED: Record<Kind, string> = {
  date: 'a date YYYY-MM-DD',
  'cii-date': 'a date YYYYMMDD (format 102)',
  decimal: 'a decimal number without exponent or comma',
  code: 'a code (letters and digits, no spaces)',
};

/** The value as the message quotes it: bounded and with control characters escaped. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function valid(kind: Kind, text: string, el: XmlElement): boolean {
  switch (kind) {
    case 'date':
      return isIsoDate(text);
    case 'cii-date': {
      const format = el.attrs['format'];
      return (format === undefined || format.trim() === '102') && isCii102Date(text);
    }
    case 'decimal':
      return isDecimalText(text);
    case 'code':
      return isCodeToken(text);
  }
}

function fieldOf(el: XmlElement, syntax: XmlSyntax): Field | undefined {
  if (syntax === 'UBL') {
    if (el.ns !== NS.cbc) return undefined;
    if (el.local === 'ID') {
      const p = el.parent?.local;
      return p === 'TaxCategory' || p === 'ClassifiedTaxCategory' ? UBL_VAT_CATEGORY : undefined;
    }
    if (el.local === 'IssueDate' && el.parent?.local === 'InvoiceDocumentReference') return { kind: 'date', term: 'BT-26 Preceding invoice issue date' };
    return UBL.get(el.local);
  }
  if ((el.ns === NS.udt && (el.local === 'DateTimeString' || el.local === 'DateString')) || (el.ns === NS.qdt && el.local === 'DateTimeString')) {
    const term = CII_DATE_TERMS.get(el.parent?.local ?? '');
    return term === undefined ? undefined : { kind: 'cii-date', term };
  }
  return el.ns === NS.ram ? CII.get(el.local) : undefined;
}

/** Every invalid value among the fields the engine reads, in document order. */
export function checkDatatypes(root: XmlElement, syntax: XmlSyntax): DatatypeFinding[] {
  const findings: DatatypeFinding[] = [];
  const check = (el: XmlElement): void => {
    const field = el.children.length === 0 ? fieldOf(el, syntax) : undefined;
    if (field === undefined) return;
    const text = el.text.trim();
    if (!valid(field.kind, text, el)) {
      const term = field.term.split(' ')[0];
      findings.push({ rule: DATATYPE_RULE, term, message: `${field.term}: ${quoted(text)} is not ${EXPECTED[field.kind]}`, location: xpathOf(el) });
    }
  };
  // UBL extensions hold foreign content the engine does not read.
  const skipped = (el: XmlElement): boolean => el.local === 'UBLExtensions' && el.ns === NS.ext;
  if (root instanceof ReadElement) {
    // Document order is the read order: a range of the document's element list, subtrees skipped by their end.
    const order = root.order;
    for (let i = root.start; i < root.end; ) {
      const el = order[i];
      if (skipped(el)) {
        i = el.end;
        continue;
      }
      check(el);
      i++;
    }
    return findings;
  }
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as XmlElement;
    if (skipped(el)) continue;
    check(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
  }
  return findings;
}
