/**
 * PEPPOL-EN16931-CL*, -P* and -F001: Peppol's restricted code lists, type codes by profile, VAT
 * exemption reason codes against their category, and date formats.
 */
import { NS } from '../../parse/namespaces';
import type { Fire, Rule, RuleContext } from '../../rules/rule';
import { xpathOf, type XmlElement } from '../../xml/tree';
import { CREDIT_NOTE_TYPES_UBL, DOCUMENT_TYPES_CII, EAS, INVOICE_TYPES_UBL, ISO4217, MIMECODE, UNCL2005, UNCL5189, UNCL7161 } from './code-lists';
import { peppolContext } from './document-context';
import { peppolRule } from './rule-kit';
import { isoDate } from './transaction';
import { all, elementsNamed, first, named, ns, str } from './xpath';

const each = (ctx: RuleContext, nsUri: string, locals: ReadonlySet<string> | string): XmlElement[] =>
  (typeof locals === 'string' ? [locals] : [...locals]).flatMap((local) => elementsNamed(ctx, local).filter((el) => el.ns === nsUri));

const ubl = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, 'fatal', message, check);
const cii = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('CII', id, 'fatal', message, check);

const CL001 = 'Mime code must be according to subset of IANA code list.';
const CL002 = 'Reason code MUST be according to subset of UNCL 5189 D.16B.';
const CL003 = 'Reason code MUST be according to UNCL 7161 D.16B.';
const CL007 = 'Currency code must be according to ISO 4217:2005';
const CL008 = 'Electronic address identifier scheme must be from the codelist "Electronic Address Identifier Scheme"';
const P0100 = 'Invoice type code MUST be set according to the profile.';

const UBL_CL007 = new Set([
  'Amount',
  'BaseAmount',
  'PriceAmount',
  'TaxAmount',
  'TaxableAmount',
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
]);
const UBL_DATES = new Set(['IssueDate', 'DueDate', 'TaxPointDate', 'StartDate', 'EndDate', 'ActualDeliveryDate']);

/** UBL allowance/charge reason codes whose AllowanceCharge has a ChargeIndicator with exactly this text. */
function ublReasonCodes(ctx: RuleContext, indicator: 'true' | 'false'): XmlElement[] {
  return each(ctx, NS.cbc, 'AllowanceChargeReasonCode').filter((el) => named(el.parent, NS.cac, 'AllowanceCharge') && all(el.parent, 'cbc:ChargeIndicator').some((c) => str(c) === indicator));
}

function ciiReasonCodes(ctx: RuleContext, indicator: 'true' | 'false'): XmlElement[] {
  return each(ctx, NS.ram, 'ReasonCode').filter((el) => named(el.parent, NS.ram, 'SpecifiedTradeAllowanceCharge') && ns(first(el.parent, 'ram:ChargeIndicator/udt:Indicator')) === indicator);
}

/** P0104..P0111: a TaxCategory with this exemption reason code must have this category. */
const EXEMPTIONS: Array<[id: string, reason: string, category: string]> = [
  ['PEPPOL-EN16931-P0104', 'VATEX-EU-G', 'G'],
  ['PEPPOL-EN16931-P0105', 'VATEX-EU-O', 'O'],
  ['PEPPOL-EN16931-P0106', 'VATEX-EU-IC', 'K'],
  ['PEPPOL-EN16931-P0107', 'VATEX-EU-AE', 'AE'],
  ['PEPPOL-EN16931-P0108', 'VATEX-EU-D', 'E'],
  ['PEPPOL-EN16931-P0109', 'VATEX-EU-F', 'E'],
  ['PEPPOL-EN16931-P0110', 'VATEX-EU-I', 'E'],
  ['PEPPOL-EN16931-P0111', 'VATEX-EU-J', 'E'],
];

const ublRules: Rule[] = [
  ubl('PEPPOL-EN16931-CL001', CL001, (ctx, fire) => {
    for (const el of each(ctx, NS.cbc, 'EmbeddedDocumentBinaryObject')) if (el.attrs.mimeCode !== undefined && !MIMECODE.has(el.attrs.mimeCode)) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-CL002', CL002, (ctx, fire) => {
    for (const el of ublReasonCodes(ctx, 'false')) if (!UNCL5189.has(ns(el.text))) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-CL003', CL003, (ctx, fire) => {
    for (const el of ublReasonCodes(ctx, 'true')) if (!UNCL7161.has(ns(el.text))) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-CL006', 'Invoice period description code must be according to UNCL 2005 D.16B.', (ctx, fire) => {
    for (const el of each(ctx, NS.cbc, 'DescriptionCode')) if (named(el.parent, NS.cac, 'InvoicePeriod') && !UNCL2005.has(ns(el.text))) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-CL007', CL007, (ctx, fire) => {
    for (const el of each(ctx, NS.cbc, UBL_CL007)) if (!ISO4217.has(el.attrs.currencyID ?? '')) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-P0100', P0100, (ctx, fire) => {
    const { profile } = peppolContext(ctx);
    for (const el of each(ctx, NS.cbc, 'InvoiceTypeCode')) if (profile === '01' && !INVOICE_TYPES_UBL.has(ns(el.text))) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-P0112', 'Invoice type code 326 or 384 are only allowed when both buyer and seller are German organizations ', (ctx, fire) => {
    const c = peppolContext(ctx);
    const german = c.supplierAddressCountry === 'DE' && c.customerAddressCountry === 'DE';
    for (const el of each(ctx, NS.cbc, 'InvoiceTypeCode')) if ((ns(el) === '326' || ns(el) === '384') && !german) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-P0101', 'Credit note type code MUST be set according to the profile.', (ctx, fire) => {
    const { profile } = peppolContext(ctx);
    for (const el of each(ctx, NS.cbc, 'CreditNoteTypeCode')) if (profile === '01' && !CREDIT_NOTE_TYPES_UBL.has(ns(el.text))) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-F001', 'A date MUST be formatted YYYY-MM-DD.', (ctx, fire) => {
    for (const el of each(ctx, NS.cbc, UBL_DATES)) if (el.text.length !== 10 || isoDate(str(el)) === undefined) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-CL008', CL008, (ctx, fire) => {
    for (const el of each(ctx, NS.cbc, 'EndpointID')) if (el.attrs.schemeID !== undefined && !EAS.has(el.attrs.schemeID)) fire(xpathOf(el));
  }),
  ...EXEMPTIONS.map(([id, reason, category]) =>
    ubl(id, `Tax Category ${category} MUST be used when exemption reason code is ${reason}`, (ctx, fire) => {
      for (const el of each(ctx, NS.cac, 'TaxCategory')) {
        if (!all(el, 'cbc:TaxExemptionReasonCode').some((r) => str(r).toUpperCase() === reason)) continue;
        if (ns(first(el, 'cbc:ID')) !== category) fire(xpathOf(el));
      }
    }),
  ),
];

const ciiRules: Rule[] = [
  cii('PEPPOL-EN16931-CL001', CL001, (ctx, fire) => {
    for (const el of each(ctx, NS.ram, 'AttachmentBinaryObject')) if (el.attrs.mimeCode !== undefined && !MIMECODE.has(el.attrs.mimeCode)) fire(xpathOf(el));
  }),
  cii('PEPPOL-EN16931-CL002', CL002, (ctx, fire) => {
    for (const el of ciiReasonCodes(ctx, 'false')) if (!UNCL5189.has(ns(el.text))) fire(xpathOf(el));
  }),
  cii('PEPPOL-EN16931-CL003', CL003, (ctx, fire) => {
    for (const el of ciiReasonCodes(ctx, 'true')) if (!UNCL7161.has(ns(el.text))) fire(xpathOf(el));
  }),
  cii('PEPPOL-EN16931-CL007', CL007, (ctx, fire) => {
    for (const el of each(ctx, NS.ram, 'TaxTotalAmount')) if (el.attrs.currencyID !== undefined && !ISO4217.has(el.attrs.currencyID)) fire(xpathOf(el));
  }),
  cii('PEPPOL-EN16931-P0100', P0100, (ctx, fire) => {
    const { profile } = peppolContext(ctx);
    for (const el of each(ctx, NS.ram, 'TypeCode')) if (named(el.parent, NS.rsm, 'ExchangedDocument') && profile === '01' && !DOCUMENT_TYPES_CII.has(ns(el.text))) fire(xpathOf(el));
  }),
  cii('PEPPOL-EN16931-F001', 'A date MUST be formatted YYYYMMDD.', (ctx, fire) => {
    for (const el of each(ctx, NS.udt, 'DateTimeString')) {
      if (!(ns(el.attrs.format ?? '') === '102' && el.text.length === 8 && /20[0-9]{6}/.test(ns(el.text)))) fire(xpathOf(el));
    }
  }),
  cii('PEPPOL-EN16931-CL008', CL008, (ctx, fire) => {
    for (const el of each(ctx, NS.ram, 'URIID')) {
      const party = el.parent?.parent;
      if (!named(el.parent, NS.ram, 'URIUniversalCommunication') || !(named(party, NS.ram, 'BuyerTradeParty') || named(party, NS.ram, 'SellerTradeParty'))) continue;
      if (!EAS.has(el.attrs.schemeID ?? '')) fire(xpathOf(el));
    }
  }),
];

export const peppolCodeListRules: Rule[] = [...ublRules, ...ciiRules];
