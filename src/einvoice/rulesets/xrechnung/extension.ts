/**
 * The XRechnung extension (BR-DEX-*): sub-invoice lines, third party payments, XML attachments
 * and the DiGA scheme codes. Several of them replace EN 16931 core rules, which the extension
 * scenario leaves out (EXTENSION_RELAXED).
 */
import type Decimal from 'decimal.js';
import { parseDecimal, round2, sum } from '../../decimal';
import type { Rule } from '../../rules/rule';
import type { XmlElement } from '../../xml/tree';
import { EAS_EXT_CODES, EXT_MIME_CODES, ICD_EXT_CODES } from './codes';
import { XR_MESSAGES } from './messages';
import { at, exists, filled, normalizeSpace, textAt, xrRule, type Binding } from './tree';

const F = 'BR-DEX';

/**
 * EN 16931 core rules the extension replaces: BR-CO-16 by BR-DEX-09 (third party payments),
 * BR-CL-10 / -11 / -21 / -25 / -26 by BR-DEX-04 .. -08 (DiGA codes), BR-CL-24 by BR-DEX-01
 * (application/xml attachments).
 */
export const EXTENSION_RELAXED: ReadonlySet<string> = new Set(['BR-CO-16', 'BR-CL-10', 'BR-CL-11', 'BR-CL-21', 'BR-CL-24', 'BR-CL-25', 'BR-CL-26']);

function rule(id: string, severity: 'fatal' | 'warning', forms: { UBL?: Binding; CII?: Binding }): Rule {
  return xrRule(F, id, severity, XR_MESSAGES[id], forms);
}

/** `not(contains(normalize-space(@schemeID), ' ')) and contains(LIST, concat(' ', normalize-space(@schemeID), ' '))`. */
const schemeIn = (el: XmlElement, list: ReadonlySet<string>): boolean => {
  const s = normalizeSpace(el.attrs['schemeID']);
  return s !== '' && !s.includes(' ') && list.has(s);
};

/** A context of identifiers that carry a schemeID; the others pass. */
const withScheme = (test: (el: XmlElement) => boolean) => (el: XmlElement) => el.attrs['schemeID'] === undefined || test(el);

function hasAncestor(el: XmlElement, local: string): boolean {
  for (let p = el.parent; p !== undefined; p = p.parent) if (p.local === local) return true;
  return false;
}

const decimalAt = (el: XmlElement, path: string): Decimal | undefined => {
  const found = at(el, path);
  return found.length === 0 ? undefined : parseDecimal(found[0].text);
};

/** `xs:decimal(LineExtensionAmount) = sum(children/xs:decimal(LineExtensionAmount))` for a line with sub-lines. */
function subLinesAddUp(line: XmlElement): boolean {
  const own = decimalAt(line, 'cbc:LineExtensionAmount');
  const parts = at(line, 'cac:SubInvoiceLine').map((s) => decimalAt(s, 'cbc:LineExtensionAmount'));
  if (own === undefined || parts.some((p) => p === undefined)) return false;
  return own.eq(sum(parts as Decimal[]));
}

/** `string-length(substring-after(x, '.')) <= 2`. */
function fractionOk(text: string): boolean {
  const dot = text.indexOf('.');
  return dot < 0 || text.length - dot - 1 <= 2;
}

const MIME: Binding['test'] = (el) => EXT_MIME_CODES.has(el.attrs['mimeCode'] ?? '\u0000');

export const extensionRules: Rule[] = [
  rule('BR-DEX-01', 'fatal', {
    UBL: { context: '//cbc:EmbeddedDocumentBinaryObject', test: MIME },
    CII: { context: '//ram:AttachmentBinaryObject', test: MIME },
  }),
  rule('BR-DEX-02', 'warning', {
    UBL: {
      context: '.',
      test: (root) => {
        if (root.local !== 'Invoice') return true;
        const lines = at(root, 'cac:InvoiceLine').filter((l) => exists(l, 'cac:SubInvoiceLine'));
        const subs = at(root, '//cac:SubInvoiceLine').filter((s) => exists(s, 'cac:SubInvoiceLine'));
        return lines.every(subLinesAddUp) && subs.every(subLinesAddUp);
      },
    },
  }),
  rule('BR-DEX-03', 'fatal', {
    UBL: { context: '.', test: (root) => root.local !== 'Invoice' || at(root, '//cac:SubInvoiceLine/cac:Item').every((item) => at(item, 'cac:ClassifiedTaxCategory').length === 1) },
  }),
  rule('BR-DEX-04', 'fatal', {
    UBL: {
      context: '//cac:PartyIdentification/cbc:ID',
      test: withScheme(
        (el) => schemeIn(el, ICD_EXT_CODES) || (normalizeSpace(el.attrs['schemeID']) === 'SEPA' && (hasAncestor(el, 'AccountingSupplierParty') || hasAncestor(el, 'PayeeParty'))),
      ),
    },
    CII: {
      context: '//ram:GlobalID',
      test: (el) => el.attrs['schemeID'] === undefined || hasAncestor(el, 'SpecifiedTradeProduct') || hasAncestor(el, 'ShipToTradeParty') || schemeIn(el, ICD_EXT_CODES),
    },
  }),
  rule('BR-DEX-05', 'fatal', {
    UBL: { context: '//cac:PartyLegalEntity/cbc:CompanyID', test: withScheme((el) => schemeIn(el, ICD_EXT_CODES)) },
    CII: { context: '//ram:ID', test: (el) => el.attrs['schemeID'] === undefined || hasAncestor(el, 'SpecifiedTaxRegistration') || schemeIn(el, ICD_EXT_CODES) },
  }),
  rule('BR-DEX-06', 'fatal', {
    UBL: { context: '//cac:StandardItemIdentification/cbc:ID', test: withScheme((el) => schemeIn(el, ICD_EXT_CODES)) },
    CII: { context: '//ram:SpecifiedTradeProduct/ram:GlobalID', test: withScheme((el) => schemeIn(el, ICD_EXT_CODES)) },
  }),
  rule('BR-DEX-07', 'fatal', {
    UBL: { context: '//cbc:EndpointID', test: withScheme((el) => schemeIn(el, EAS_EXT_CODES)) },
    CII: { context: '//ram:URIUniversalCommunication/ram:URIID', test: withScheme((el) => schemeIn(el, EAS_EXT_CODES)) },
  }),
  rule('BR-DEX-08', 'fatal', {
    UBL: { context: '//cac:DeliveryLocation/cbc:ID', test: withScheme((el) => schemeIn(el, ICD_EXT_CODES)) },
    CII: { context: '//ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:GlobalID', test: withScheme((el) => schemeIn(el, ICD_EXT_CODES)) },
  }),
  rule('BR-DEX-09', 'fatal', {
    UBL: {
      context: '//cac:LegalMonetaryTotal',
      test: (el) => {
        const payable = decimalAt(el, 'cbc:PayableAmount');
        const inclusive = decimalAt(el, 'cbc:TaxInclusiveAmount');
        if (payable === undefined || inclusive === undefined) return false;
        const zero = parseDecimal('0') as Decimal;
        const prepaid = exists(el, 'cbc:PrepaidAmount') ? decimalAt(el, 'cbc:PrepaidAmount') : zero;
        const rounding = exists(el, 'cbc:PayableRoundingAmount') ? decimalAt(el, 'cbc:PayableRoundingAmount') : zero;
        const payments = el.parent === undefined ? [] : at(el.parent, 'cac:PrepaidPayment/cbc:PaidAmount');
        const thirdParty = payments.some((p) => normalizeSpace(p.text) !== '') ? sum(payments.map((p) => parseDecimal(p.text) ?? zero)) : zero;
        if (prepaid === undefined || rounding === undefined) return false;
        return round2(payable.minus(rounding)).eq(round2(inclusive.minus(prepaid).plus(thirdParty)));
      },
    },
  }),
  ...(
    [
      ['BR-DEX-10', (el: XmlElement) => filled(el, 'cbc:ID')],
      ['BR-DEX-11', (el: XmlElement) => filled(el, 'cbc:PaidAmount')],
      ['BR-DEX-12', (el: XmlElement) => filled(el, 'cbc:InstructionID')],
      ['BR-DEX-13', (el: XmlElement) => fractionOk(textAt(el, 'cbc:PaidAmount'))],
      ['BR-DEX-14', (el: XmlElement) => at(el, 'cbc:PaidAmount').some((a) => el.parent !== undefined && at(el.parent, 'cbc:DocumentCurrencyCode').some((c) => c.text === a.attrs['currencyID']))],
    ] as const
  ).map(([id, test]) => rule(id, 'fatal', { UBL: { context: 'cac:PrepaidPayment', test: (el) => el.parent?.local !== 'Invoice' || test(el) } })),
  rule('BR-DEX-15', 'warning', {
    CII: { context: 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:AssociatedDocumentLineDocument', test: (_el, root) => !exists(root, '//ram:ParentLineID') },
  }),
];
