/**
 * XRechnung: document-level rules (BR-DE-14 .. -18, -21, -22, -26) and the temporary BR-TMP-2 /
 * BR-TMP-3.
 */
import type { Rule } from '../../rules/rule';
import type { XmlElement } from '../../xml/tree';
import { SKONTO_LINE, URL } from './codes';
import { XR_MESSAGES } from './messages';
import { at, exists, filled, normalizeSpace, textAt, xrRule, type Binding } from './tree';

const CUSTOMIZATION = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
/** XR-CIUS-ID, XR-EXTENSION-ID and XR-CVD-ID. */
export const XR_SPECIFICATION_IDS: readonly string[] = [
  CUSTOMIZATION,
  `${CUSTOMIZATION}#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0`,
  `${CUSTOMIZATION}#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9`,
];

const CII_AGREEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
const CII_SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
/** The VAT category codes for which BR-DE-16 asks for a seller VAT or tax registration. */
const VAT_ID_CODES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M'];
const TYPE_CODES = ['326', '380', '384', '389', '381', '875', '876', '877'];

function rule(family: string, id: string, severity: 'fatal' | 'warning', forms: { UBL?: Binding; CII?: Binding }): Rule {
  return xrRule(family, id, severity, XR_MESSAGES[id], forms);
}

/** `normalize-space(path) = (codes)`: the first element's normalised text is one of the codes. */
const codeIn = (el: XmlElement, path: string, codes: readonly string[]): boolean => at(el, path).length > 0 && codes.includes(normalizeSpace(textAt(el, path)));

/** `$codes = (...)` over raw texts: some element at the path has one of the codes exactly. */
const someCodeIn = (el: XmlElement, path: string, codes: readonly string[]): boolean => at(el, path).some((e) => codes.includes(e.text));

/** BR-DE-16 (UBL): VAT category codes of document allowances, charges and lines, as the rule selects them. */
function ublVatCodesUsed(root: XmlElement): boolean {
  for (const ac of at(root, 'cac:AllowanceCharge')) {
    const indicator = textAt(ac, 'cbc:ChargeIndicator');
    if (indicator !== 'false' && indicator !== 'true') continue;
    if (someCodeIn(ac, 'cac:TaxCategory/cbc:ID', VAT_ID_CODES)) return true;
  }
  return someCodeIn(root, 'cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID', VAT_ID_CODES) || someCodeIn(root, 'cac:CreditNoteLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID', VAT_ID_CODES);
}

/** BR-DE-16 (CII): line taxes of the VAT type with such a code, or (as the rule writes it) allowance taxes whose string value is 'VAT'. */
function ciiVatCodesUsed(root: XmlElement): boolean {
  const lineTaxes = 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax';
  const lines = at(root, `${lineTaxes}/ram:TypeCode`).some((t) => t.text === 'VAT') && someCodeIn(root, `${lineTaxes}/ram:CategoryCode`, VAT_ID_CODES);
  const acTaxes = `${CII_SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax`;
  // `ram:CategoryTradeTax = 'VAT'` compares the element's string value (all its text).
  const acs = at(root, acTaxes).some((t) => t.children.length === 0 && t.text === 'VAT') && someCodeIn(root, `${acTaxes}/ram:CategoryCode`, VAT_ID_CODES);
  return lines || acs;
}

/**
 * BR-DE-18: every payment terms line starting with '#' is a Skonto line, and after the last
 * '#…#' the text goes on with a line break.
 */
function skontoOk(note: XmlElement | undefined): boolean {
  if (note === undefined) return true;
  const text = note.text;
  const lines = text.split(/\r?\n/).filter((l) => normalizeSpace(l).startsWith('#'));
  if (lines.length === 0) return true;
  const rest = text.split(/#.+#/);
  const tail = rest[rest.length - 1];
  return lines.every((l) => SKONTO_LINE.test(normalizeSpace(l))) && /^[ \t\n\r]*\n/.test(tail);
}

/**
 * BR-DE-22: some reference's attachment filename repeats one of a preceding sibling reference.
 * Each parent's children are walked once, with the filenames of the same-named siblings seen so
 * far in a set: linear in the references (comparing each with all its preceding siblings was
 * quadratic: ≈50 ms for 256 KB of references).
 */
export function filenamesUnique(refs: readonly XmlElement[], attachmentPath: string): boolean {
  const isRef = new Set(refs);
  const walked = new Map<XmlElement, Set<string>>();
  const filenames = (el: XmlElement): string[] => at(el, attachmentPath).map((a) => a.attrs['filename']).filter((n): n is string => n !== undefined);
  for (const ref of refs) {
    const parent = ref.parent;
    if (parent === undefined) continue;
    let kinds = walked.get(parent);
    if (kinds === undefined) walked.set(parent, (kinds = new Set()));
    const kind = `${ref.ns}\u0000${ref.local}`;
    if (kinds.has(kind)) continue;
    kinds.add(kind);
    const seen = new Set<string>();
    for (const sibling of parent.children) {
      if (sibling.local !== ref.local || sibling.ns !== ref.ns) continue;
      const names = filenames(sibling);
      if (isRef.has(sibling) && names.some((n) => seen.has(n))) return false;
      for (const n of names) seen.add(n);
    }
  }
  return true;
}

export const documentRules: Rule[] = [
  rule('BR-DE', 'BR-DE-14', 'fatal', {
    UBL: { context: 'cac:TaxTotal/cac:TaxSubtotal', test: (el) => filled(el, 'cac:TaxCategory/cbc:Percent') },
    CII: { context: `${CII_SETTLEMENT}/ram:ApplicableTradeTax`, test: (el) => filled(el, 'ram:RateApplicablePercent') },
  }),
  rule('BR-DE', 'BR-DE-15', 'fatal', {
    UBL: { context: '.', test: (el) => filled(el, 'cbc:BuyerReference') },
    CII: { context: '.', test: (el) => filled(el, `${CII_AGREEMENT}/ram:BuyerReference`) },
  }),
  rule('BR-DE', 'BR-DE-16', 'fatal', {
    UBL: { context: '.', test: (el) => !ublVatCodesUsed(el) || exists(el, 'cac:TaxRepresentativeParty') || filled(el, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID') },
    CII: {
      context: '.',
      test: (el) =>
        !ciiVatCodesUsed(el) ||
        at(el, `${CII_AGREEMENT}/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID`).some((id) => ['VA', 'FC'].includes(normalizeSpace(id.attrs['schemeID'])) && normalizeSpace(id.text) !== '') ||
        exists(el, `${CII_AGREEMENT}/ram:SellerTaxRepresentativeTradeParty`),
    },
  }),
  rule('BR-DE', 'BR-DE-17', 'warning', {
    UBL: { context: '.', test: (el) => codeIn(el, 'cbc:InvoiceTypeCode', TYPE_CODES) || codeIn(el, 'cbc:CreditNoteTypeCode', TYPE_CODES) },
    CII: { context: '.', test: (el) => codeIn(el, 'rsm:ExchangedDocument/ram:TypeCode', TYPE_CODES) },
  }),
  rule('BR-DE', 'BR-DE-18', 'fatal', {
    UBL: { context: '.', test: (el) => at(el, 'cac:PaymentTerms').every((t) => skontoOk(at(t, 'cbc:Note')[0])) },
    CII: { context: '.', test: (el) => at(el, `${CII_SETTLEMENT}/ram:SpecifiedTradePaymentTerms`).every((t) => skontoOk(at(t, 'ram:Description')[0])) },
  }),
  rule('BR-DE', 'BR-DE-21', 'warning', {
    UBL: { context: '.', test: (el) => someCodeIn(el, 'cbc:CustomizationID', XR_SPECIFICATION_IDS) },
    CII: { context: 'rsm:ExchangedDocumentContext', test: (el) => someCodeIn(el, 'ram:GuidelineSpecifiedDocumentContextParameter/ram:ID', XR_SPECIFICATION_IDS) },
  }),
  rule('BR-DE', 'BR-DE-22', 'fatal', {
    UBL: { context: '.', test: (el) => filenamesUnique(at(el, 'cac:AdditionalDocumentReference'), 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject') },
    CII: { context: '.', test: (el) => filenamesUnique(at(el, '//ram:AdditionalReferencedDocument'), 'ram:AttachmentBinaryObject') },
  }),
  rule('BR-DE', 'BR-DE-26', 'warning', {
    UBL: {
      context: '.',
      test: (el) => !(codeIn(el, 'cbc:InvoiceTypeCode', ['384']) || codeIn(el, 'cbc:CreditNoteTypeCode', ['384'])) || exists(el, 'cac:BillingReference/cac:InvoiceDocumentReference'),
    },
    CII: { context: '.', test: (el) => !codeIn(el, 'rsm:ExchangedDocument/ram:TypeCode', ['384']) || exists(el, `${CII_SETTLEMENT}/ram:InvoiceReferencedDocument`) },
  }),
  rule('BR-TMP', 'BR-TMP-2', 'warning', {
    UBL: { context: 'cac:AdditionalDocumentReference/cac:Attachment/cac:ExternalReference', test: (el) => URL.test(textAt(el, 'cbc:URI')) },
    CII: {
      context: `${CII_AGREEMENT}/ram:AdditionalReferencedDocument`,
      test: (el) => !at(el, 'ram:TypeCode').some((t) => t.text === '916') || !exists(el, 'ram:URIID') || URL.test(textAt(el, 'ram:URIID')),
    },
  }),
  rule('BR-TMP', 'BR-TMP-3', 'fatal', {
    CII: {
      context: 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem',
      test: (el) => {
        const gross = at(el, 'ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:BasisQuantity');
        const net = at(el, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity');
        if (gross.length === 0 || net.length === 0) return true;
        // Untyped values compare as strings; each comparison is existential.
        // Sets of the net side: many quantities on both sides stay linear.
        const netValues = new Set(net.map((n) => n.text));
        const sameValue = gross.some((g) => netValues.has(g.text));
        const grossUnits = gross.map((g) => g.attrs['unitCode']).filter((u): u is string => u !== undefined);
        const netUnits = new Set(net.map((n) => n.attrs['unitCode']).filter((u): u is string => u !== undefined));
        const unitsOk = netUnits.size === 0 || grossUnits.length === 0 || grossUnits.some((u) => netUnits.has(u));
        return sameValue && unitsOk;
      },
    },
  }),
];
