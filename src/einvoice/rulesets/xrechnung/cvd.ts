/**
 * XRechnung for the Clean Vehicles Directive (BR-DE-CVD-*, BR-TMP-CVD-01): judged only when the
 * specification identifier is exactly the CVD one, as the official pattern's `$isCVD` gates them.
 */
import type { XmlSyntax } from '../../model/invoice';
import type { Rule } from '../../rules/rule';
import type { XmlElement } from '../../xml/tree';
import { CVA_CODES, CVD_VEHICLE_CATEGORIES, UNTDID_7143_CVD_CODES } from './codes';
import { XR_MESSAGES } from './messages';
import { at, filled, normalizeSpace, textAt, xrRule, type Binding } from './tree';

export const XR_CVD_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9';

/** `$isCVD`: some specification identifier text is exactly the CVD one. */
function isCvd(root: XmlElement, syntax: XmlSyntax): boolean {
  const path = syntax === 'UBL' ? 'cbc:CustomizationID' : 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID';
  return at(root, path).some((e) => e.text === XR_CVD_ID);
}

/** A form judged only in a CVD document. */
function cvd(syntax: XmlSyntax, binding: Binding): Binding {
  return { context: binding.context, test: (el, root) => !isCvd(root, syntax) || binding.test(el, root) };
}

function rule(family: string, id: string, forms: { UBL: Binding; CII: Binding }): Rule {
  return xrRule(family, id, 'fatal', XR_MESSAGES[id], { UBL: cvd('UBL', forms.UBL), CII: cvd('CII', forms.CII) });
}

const UBL_ITEMS = ['cac:InvoiceLine/cac:Item', 'cac:CreditNoteLine/cac:Item'];
const UBL_CODES = UBL_ITEMS.map((p) => `${p}/cac:CommodityClassification/cbc:ItemClassificationCode`);
const UBL_PROPERTIES = UBL_ITEMS.map((p) => `${p}/cac:AdditionalItemProperty`);
const CII_PRODUCT = 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct';
const CII_CODES = `${CII_PRODUCT}/ram:DesignatedProductClassification/ram:ClassCode`;
const CII_AGREEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';

const isCva = (property: XmlElement, namePath: string): boolean => at(property, namePath).some((n) => n.text === 'cva');
const ublCvdCodes = (item: XmlElement): XmlElement[] => at(item, 'cac:CommodityClassification/cbc:ItemClassificationCode').filter((c) => c.attrs['listID'] === 'CVD');
const ublCva = (item: XmlElement): XmlElement[] => at(item, 'cac:AdditionalItemProperty').filter((p) => isCva(p, 'cbc:Name'));
const ciiCvdCodes = (product: XmlElement): XmlElement[] => at(product, 'ram:DesignatedProductClassification/ram:ClassCode').filter((c) => c.attrs['listID'] === 'CVD');
const ciiCva = (product: XmlElement): XmlElement[] => at(product, 'ram:ApplicableProductCharacteristic').filter((p) => isCva(p, 'ram:Description'));

/** `not(contains(normalize-space(@listID), ' ')) and contains($UNTDID-7143-CVD-CODES, …)`. */
function listIdIn(c: XmlElement): boolean {
  const s = normalizeSpace(c.attrs['listID']);
  return s !== '' && !s.includes(' ') && UNTDID_7143_CVD_CODES.has(s);
}

const vehicleCategory = (c: XmlElement): boolean => normalizeSpace(c.attrs['listID']) !== 'CVD' || CVD_VEHICLE_CATEGORIES.has(normalizeSpace(c.text));

export const cvdRules: Rule[] = [
  rule('BR-DE-CVD', 'BR-DE-CVD-01', {
    UBL: { context: '.', test: (el) => filled(el, 'cac:ContractDocumentReference/cbc:ID') },
    CII: { context: CII_AGREEMENT, test: (el) => filled(el, 'ram:ContractReferencedDocument/ram:IssuerAssignedID') },
  }),
  rule('BR-DE-CVD', 'BR-DE-CVD-02', {
    UBL: { context: '.', test: (el) => filled(el, 'cac:OriginatorDocumentReference/cbc:ID') },
    CII: {
      context: CII_AGREEMENT,
      test: (el) => at(el, 'ram:AdditionalReferencedDocument').some((d) => normalizeSpace(textAt(d, 'ram:TypeCode')) === '50' && normalizeSpace(textAt(d, 'ram:IssuerAssignedID')) !== ''),
    },
  }),
  rule('BR-DE-CVD', 'BR-DE-CVD-03', {
    UBL: { context: '.', test: (root) => UBL_ITEMS.flatMap((p) => at(root, p)).some((item) => ublCvdCodes(item).length > 0 && ublCva(item).length > 0) },
    CII: { context: 'rsm:SupplyChainTradeTransaction', test: (el) => at(el, 'ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct').some((p) => ciiCvdCodes(p).length > 0 && ciiCva(p).length > 0) },
  }),
  rule('BR-DE-CVD', 'BR-DE-CVD-04', { UBL: { context: UBL_CODES, test: vehicleCategory }, CII: { context: CII_CODES, test: vehicleCategory } }),
  rule('BR-DE-CVD', 'BR-DE-CVD-05', {
    UBL: { context: UBL_PROPERTIES, test: (p) => !isCva(p, 'cbc:Name') || CVA_CODES.has(normalizeSpace(textAt(p, 'cbc:Value'))) },
    CII: { context: `${CII_PRODUCT}/ram:ApplicableProductCharacteristic`, test: (p) => !isCva(p, 'ram:Description') || CVA_CODES.has(normalizeSpace(textAt(p, 'ram:Value'))) },
  }),
  rule('BR-DE-CVD', 'BR-DE-CVD-06-a', {
    UBL: { context: UBL_ITEMS, test: (item) => ublCvdCodes(item).length === 0 || ublCva(item).length === 1 },
    CII: { context: CII_PRODUCT, test: (p) => ciiCvdCodes(p).length === 0 || ciiCva(p).length === 1 },
  }),
  rule('BR-DE-CVD', 'BR-DE-CVD-06-b', {
    UBL: { context: UBL_ITEMS, test: (item) => ublCva(item).length === 0 || ublCvdCodes(item).length === 1 },
    CII: { context: CII_PRODUCT, test: (p) => ciiCva(p).length === 0 || ciiCvdCodes(p).length === 1 },
  }),
  rule('BR-TMP', 'BR-TMP-CVD-01', { UBL: { context: UBL_CODES, test: listIdIn }, CII: { context: CII_CODES, test: listIdIn } }),
];
