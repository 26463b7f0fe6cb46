/** BR-CL-*: coded values must come from the standard code lists. */
import {
  ATTACHMENT_MIME_CODES,
  CEF_EAS,
  ISO3166_COUNTRIES,
  ISO4217_CURRENCIES,
  ISO6523_ICD,
  UNCL1001_CREDIT_NOTE,
  UNCL1001_INVOICE,
  UNCL1153_REFERENCE_QUALIFIERS,
  UNCL2005_VAT_DATE,
  UNCL4451_TEXT_SUBJECTS,
  UNCL4461_PAYMENT_MEANS,
  UNCL5189_ALLOWANCE_REASONS,
  UNCL5305_VAT_CATEGORIES,
  UNCL7143_ITEM_CLASSIFICATION,
  UNCL7161_CHARGE_REASONS,
  UNECE_REC20_REC21_UNITS,
  VATEX_CODES,
  codeSet,
  inList,
} from '../codelists';
import type { Party } from '../model/party';
import { NS } from '../parse/namespaces';
import { xpathOf, type XmlElement } from '../xml/tree';
import { docIndex, elementsEndingWith } from './doc-index';
import { defineRule, type Fire, type Rule } from './rule';
import { select } from './tree-query';

const F = 'BR-CL';

/** CII uses UNTDID 2475 for the VAT point date code. */
const UNCL2475_VAT_DATE = codeSet('5 29 72');

/** UBL amount elements whose currencyID BR-CL-03 checks. */
const UBL_AMOUNT_NAMES = new Set([
  'Amount', 'BaseAmount', 'PriceAmount', 'TaxAmount', 'TaxableAmount', 'LineExtensionAmount', 'TaxExclusiveAmount', 'TaxInclusiveAmount',
  'AllowanceTotalAmount', 'ChargeTotalAmount', 'PrepaidAmount', 'PayableRoundingAmount', 'PayableAmount',
]);

/** Every code element at the path outside UNCL 5305 (BR-CL-17, BR-CL-18 on a tree). */
function categoryCodes(root: XmlElement, path: string, fire: Fire): void {
  for (const el of select(root, path)) if (!inList(UNCL5305_VAT_CATEGORIES, el.text)) fire(xpathOf(el));
}

function parties(...ps: Array<Party | undefined>): Party[] {
  return ps.filter((p): p is Party => p !== undefined);
}

export const codelistRules: Rule[] = [
  defineRule(F, 'BR-CL-01', 'fatal', 'The document type code MUST be coded by the invoice and credit note related code lists of UNTDID 1001.', ({ inv }, fire) => {
    if (inv.typeCode === undefined) return;
    const ok =
      inv.syntax === 'CII'
        ? inList(UNCL1001_INVOICE, inv.typeCode) || inList(UNCL1001_CREDIT_NOTE, inv.typeCode)
        : inList(inv.documentType === 'CreditNote' ? UNCL1001_CREDIT_NOTE : UNCL1001_INVOICE, inv.typeCode);
    if (!ok) fire(inv.typeCodeLoc ?? inv.loc);
  }),
  // Reads every currencyID attribute of the tree: a syntax matter with no counterpart in the model.
  {
    ...defineRule(F, 'BR-CL-03', 'fatal', 'currencyID MUST be coded using ISO code list 4217 alpha-3', ({ doc }, fire) => {
      if (doc.syntax === 'UBL') {
        // Every UBL amount name ends with 'Amount' (the list is shared with UBL-DT-01).
        const wrong = elementsEndingWith(doc.root, 'Amount', (el) => {
          const cur = el.attrs['currencyID'];
          return el.ns === NS.cbc && UBL_AMOUNT_NAMES.has(el.local) && !ISO4217_CURRENCIES.has(cur ?? '') && !inList(ISO4217_CURRENCIES, cur);
        });
        for (const el of wrong) fire(xpathOf(el));
        return;
      }
      // Only elements with attributes can carry a currencyID.
      for (const el of docIndex(doc.root).attributed) {
        const cur = el.attrs['currencyID'];
        if (cur !== undefined && !ISO4217_CURRENCIES.has(cur) && !inList(ISO4217_CURRENCIES, cur)) fire(xpathOf(el));
      }
    }),
    readsTree: true,
  },
  defineRule(F, 'BR-CL-04', 'fatal', 'Invoice currency code MUST be coded using ISO code list 4217 alpha-3', ({ inv }, fire) => {
    if (inv.currencyCode !== undefined && !inList(ISO4217_CURRENCIES, inv.currencyCode)) fire(inv.currencyCodeLoc ?? inv.loc);
  }),
  defineRule(F, 'BR-CL-05', 'fatal', 'Tax currency code MUST be coded using ISO code list 4217 alpha-3', ({ inv }, fire) => {
    for (const c of inv.taxCurrencyCodes) if (!inList(ISO4217_CURRENCIES, c)) fire(inv.taxCurrencyCodeLoc ?? inv.loc);
  }),
  defineRule(F, 'BR-CL-06', 'fatal', 'Value added tax point date code MUST be coded using a restriction of UNTDID 2005.', ({ inv }, fire) => {
    if (inv.taxPointDateCode === undefined) return;
    if (!inList(inv.syntax === 'CII' ? UNCL2475_VAT_DATE : UNCL2005_VAT_DATE, inv.taxPointDateCode)) fire(inv.taxPointDateCodeLoc ?? inv.loc);
  }),
  defineRule(F, 'BR-CL-07', 'fatal', 'Object identifier identification scheme identifier MUST be coded using a restriction of UNTDID 1153.', ({ inv }, fire) => {
    for (const id of [inv.invoicedObjectId, ...inv.lines.map((l) => l.objectId)]) {
      if (id?.scheme !== undefined && !inList(UNCL1153_REFERENCE_QUALIFIERS, id.scheme)) fire(id.loc);
    }
  }),
  defineRule(F, 'BR-CL-08', 'fatal', 'Invoiced note subject code shall be coded using UNCL4451', ({ inv }, fire) => {
    for (const n of inv.notes) if (n.subjectCode !== undefined && !inList(UNCL4451_TEXT_SUBJECTS, n.subjectCode)) fire(n.loc);
  }),
  defineRule(F, 'BR-CL-10', 'fatal', 'Any identifier identification scheme identifier MUST be coded using one of the ISO 6523 ICD list.', ({ inv }, fire) => {
    const check = (p: Party | undefined, sepaAllowed: boolean): void => {
      for (const id of p?.identifiers ?? []) {
        if (id.scheme === undefined) continue;
        const ok = inList(ISO6523_ICD, id.scheme) || (sepaAllowed && id.scheme.trim() === 'SEPA');
        if (!ok) fire(id.loc);
      }
    };
    check(inv.seller, true);
    check(inv.payee, true);
    check(inv.buyer, false);
    check(inv.taxRepresentative, false);
  }),
  defineRule(F, 'BR-CL-11', 'fatal', 'Any registration identifier identification scheme identifier MUST be coded using one of the ISO 6523 ICD list.', ({ inv }, fire) => {
    for (const p of parties(inv.seller, inv.buyer, inv.payee, inv.taxRepresentative))
      for (const id of p.legalRegistrations) if (id.scheme !== undefined && !inList(ISO6523_ICD, id.scheme)) fire(id.loc);
  }),
  defineRule(F, 'BR-CL-13', 'fatal', 'Item classification identifier identification scheme identifier MUST be coded using one of the UNTDID 7143 list.', ({ inv }, fire) => {
    for (const l of inv.lines) for (const c of l.item?.classifications ?? []) if (c.scheme !== undefined && !inList(UNCL7143_ITEM_CLASSIFICATION, c.scheme)) fire(c.loc);
  }),
  defineRule(F, 'BR-CL-14', 'fatal', 'Country codes in an invoice MUST be coded using ISO code list 3166-1', ({ inv }, fire) => {
    const addresses = [...parties(inv.seller, inv.buyer, inv.payee, inv.taxRepresentative).map((p) => p.address), ...inv.deliveries.map((d) => d.address)];
    for (const a of addresses) if (a?.countryCode !== undefined && !inList(ISO3166_COUNTRIES, a.countryCode)) fire(a.countryLoc ?? a.loc);
  }),
  defineRule(F, 'BR-CL-15', 'fatal', 'Country codes in an invoice MUST be coded using ISO code list 3166-1', ({ inv }, fire) => {
    for (const l of inv.lines) {
      const c = l.item?.originCountry;
      if (c !== undefined && !inList(ISO3166_COUNTRIES, c)) fire(l.item?.originCountryLoc ?? l.loc);
    }
  }),
  defineRule(F, 'BR-CL-16', 'fatal', 'Payment means in an invoice MUST be coded using UNCL4461 code list', ({ inv }, fire) => {
    for (const p of inv.paymentInstructions) if (p.meansCode !== undefined && !inList(UNCL4461_PAYMENT_MEANS, p.meansCode)) fire(p.meansCodeLoc ?? p.loc);
  }),
  // The official rules select the code elements by path wherever they occur (`cac:TaxCategory/cbc:ID`,
  // `cac:ClassifiedTaxCategory/cbc:ID`; in CII `ram:CategoryTradeTax/ram:CategoryCode` and
  // `ram:ApplicableTradeTax/ram:CategoryCode`), not by business term: a credit note's lines under
  // either line element, line allowances and sub-lines count too. A model without a tree (JSON)
  // is judged on its business terms.
  defineRule(F, 'BR-CL-17', 'fatal', 'Invoice tax categories MUST be coded using UNCL5305 code list', (ctx, fire) => {
    const { inv } = ctx;
    if (inv.syntax !== 'JSON') return categoryCodes(ctx.doc.root, inv.syntax === 'UBL' ? '//cac:TaxCategory/cbc:ID' : '//ram:CategoryTradeTax/ram:CategoryCode', fire);
    const cats = [...inv.allowanceCharges.flatMap((a) => a.vatCategories), ...inv.taxTotals.flatMap((t) => t.breakdowns.map((b) => b.category))];
    for (const c of cats) if (c?.code !== undefined && !inList(UNCL5305_VAT_CATEGORIES, c.code)) fire(c.loc);
  }),
  defineRule(F, 'BR-CL-18', 'fatal', 'Invoice tax categories MUST be coded using UNCL5305 code list', (ctx, fire) => {
    const { inv } = ctx;
    if (inv.syntax !== 'JSON') return categoryCodes(ctx.doc.root, inv.syntax === 'UBL' ? '//cac:ClassifiedTaxCategory/cbc:ID' : '//ram:ApplicableTradeTax/ram:CategoryCode', fire);
    for (const l of inv.lines) for (const c of l.vatCategories) if (c.code !== undefined && !inList(UNCL5305_VAT_CATEGORIES, c.code)) fire(c.loc);
  }),
  defineRule(F, 'BR-CL-19', 'fatal', 'Coded allowance reasons MUST belong to the UNCL 5189 code list', ({ inv }, fire) => {
    const acs = [...inv.allowanceCharges, ...inv.lines.flatMap((l) => l.allowanceCharges)];
    for (const a of acs) if (a.isCharge === false && a.reasonCode !== undefined && !inList(UNCL5189_ALLOWANCE_REASONS, a.reasonCode)) fire(a.loc);
  }),
  defineRule(F, 'BR-CL-20', 'fatal', 'Coded charge reasons MUST belong to the UNCL 7161 code list', ({ inv }, fire) => {
    const acs = [...inv.allowanceCharges, ...inv.lines.flatMap((l) => l.allowanceCharges)];
    for (const a of acs) if (a.isCharge === true && a.reasonCode !== undefined && !inList(UNCL7161_CHARGE_REASONS, a.reasonCode)) fire(a.loc);
  }),
  defineRule(F, 'BR-CL-21', 'fatal', 'Item standard identifier scheme identifier MUST belong to the ISO 6523 ICD code list', ({ inv }, fire) => {
    for (const l of inv.lines) for (const s of l.item?.standardIds ?? []) if (s.scheme !== undefined && !inList(ISO6523_ICD, s.scheme)) fire(s.loc);
  }),
  defineRule(F, 'BR-CL-22', 'fatal', 'Tax exemption reason code identifier scheme identifier MUST belong to the CEF VATEX code list', ({ inv }, fire) => {
    for (const t of inv.taxTotals)
      for (const b of t.breakdowns) {
        const code = b.category?.exemptionReasonCode;
        if (code !== undefined && !inList(VATEX_CODES, code.toLowerCase())) fire(b.category?.loc ?? b.loc);
      }
  }),
  defineRule(F, 'BR-CL-23', 'fatal', 'Unit code MUST be coded according to the UN/ECE Recommendation 20 with Rec 21 extension', ({ inv }, fire) => {
    for (const l of inv.lines) {
      if (l.unitCode !== undefined && !inList(UNECE_REC20_REC21_UNITS, l.unitCode)) fire(l.quantity?.loc ?? l.loc);
      const bq = l.price?.baseQuantityUnit;
      if (bq !== undefined && !inList(UNECE_REC20_REC21_UNITS, bq)) fire(l.price?.baseQuantity?.loc ?? l.loc);
    }
  }),
  defineRule(F, 'BR-CL-24', 'fatal', 'For Mime code in attribute use MIMEMediaType.', ({ inv }, fire) => {
    for (const d of inv.supportingDocuments) {
      const m = d.attachment?.mimeCode;
      if (m !== undefined && !ATTACHMENT_MIME_CODES.has(m)) fire(d.attachment?.loc ?? d.loc);
    }
  }),
  defineRule(F, 'BR-CL-25', 'fatal', 'Endpoint identifier scheme identifier MUST belong to the CEF EAS code list', ({ inv }, fire) => {
    for (const p of parties(inv.seller, inv.buyer)) {
      const e = p.electronicAddress;
      if (e?.scheme !== undefined && !inList(CEF_EAS, e.scheme)) fire(e.loc);
    }
  }),
  defineRule(F, 'BR-CL-26', 'fatal', 'Delivery location identifier scheme identifier MUST belong to the ISO 6523 ICD code list', ({ inv }, fire) => {
    for (const d of inv.deliveries) {
      const id = d.locationId;
      if (id?.scheme !== undefined && !inList(ISO6523_ICD, id.scheme)) fire(id.loc);
    }
  }),
];
