/** NL-R-*: rules for Dutch sellers (NLCIUS in Peppol): addresses, KVK/OIN identifiers, payment means. */
import type { Fire, Rule, RuleContext } from '../../../rules/rule';
import { xpathOf, type XmlElement } from '../../../xml/tree';
import { peppolContext } from '../document-context';
import { peppolRule } from '../rule-kit';
import { all, dec, first, has, ns } from '../xpath';

const F = 'NL-R';
const ubl = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, 'fatal', message, check, F);
const cii = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('CII', id, 'fatal', message, check, F);

const isNL = (country: string) => country === 'NL';
const supplierNL = (ctx: RuleContext) => isNL(peppolContext(ctx).supplierAddressCountry);
const customerNL = (ctx: RuleContext) => isNL(peppolContext(ctx).customerAddressCountry);
/** contains(concat(' ', string-join(@schemeID, ' '), ' '), ' 0106 ') or ... ' 0190 ', and a value. */
const kvkOrOin = (id: XmlElement) => (id.attrs.schemeID === '0106' || id.attrs.schemeID === '0190') && ns(id) !== '';
const PAYMENT_MEANS = new Set(['30', '48', '49', '57', '58', '59']);

const M = {
  r001ubl: '[NL-R-001] For suppliers in the Netherlands, if the document is a creditnote, the document MUST contain an invoice reference (cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID)',
  r001cii:
    '[NL-R-001] For suppliers in the Netherlands, if the document is a creditnote, the document MUST contain an invoice reference (ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID)',
  r002ubl:
    "[NL-R-002] For suppliers in the Netherlands the supplier's address (cac:AccountingSupplierParty/cac:Party/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)",
  r002cii:
    "[NL-R-002] For suppliers in the Netherlands the supplier's address (ram:SellerTradeParty/ram:PostalTradeAddress) MUST contain street name (ram:LineOne), city (ram:CityName) and post code (ram:PostcodeCode)",
  r003: '[NL-R-003] For suppliers in the Netherlands, the legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)',
  r004ubl:
    '[NL-R-004] For suppliers in the Netherlands, if the customer is in the Netherlands, the customer address (cac:AccountingCustomerParty/cac:Party/cac:PostalAddress) MUST contain the street name (cbc:StreetName), the city (cbc:CityName) and post code (cbc:PostalZone)',
  r004cii:
    '[NL-R-004] For suppliers in the Netherlands, if the customer is in the Netherlands, the customer address (ram:BuyerTradeParty/ram:PostalTradeAddress) MUST contain street name (ram:LineOne), city (ram:CityName) and post code (ram:PostcodeCode)',
  r005: "[NL-R-005] For suppliers in the Netherlands, if the customer is in the Netherlands, the customer's legal entity identifier MUST be either a KVK or OIN number (schemeID 0106 or 0190)",
  r006ubl:
    "[NL-R-006] For suppliers in the Netherlands, if the fiscal representative is in the Netherlands, the representative's address (cac:TaxRepresentativeParty/cac:PostalAddress) MUST contain street name (cbc:StreetName), city (cbc:CityName) and post code (cbc:PostalZone)",
  r006cii:
    "[NL-R-006] For suppliers in the Netherlands, if the fiscal representative is in the Netherlands, the representative's address (ram:SellerTaxRepresentativeTradeParty/ram:PostalTradeAddress) MUST contain street name (ram:LineOne), city (ram:CityName) and post code (ram:PostcodeCode)",
  r007ubl: '[NL-R-007] For suppliers in the Netherlands, the supplier MUST provide a means of payment (cac:PaymentMeans) if the payment is from customer to supplier',
  r007cii: '[NL-R-007] For suppliers in the Netherlands, the supplier MUST provide a means of payment (ram:SpecifiedTradeSettlementPaymentMeans) if the payment is from customer to supplier',
  r008ubl: '[NL-R-008] For suppliers in the Netherlands, if the customer is in the Netherlands, the payment means code (cac:PaymentMeans/cbc:PaymentMeansCode) MUST be one of 30, 48, 49, 57, 58 or 59',
  r008cii:
    '[NL-R-008] For suppliers in the Netherlands, if the customer is in the Netherlands, the payment means code (ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode) MUST be one of 30, 48, 49, 57, 58 or 59',
  r009ubl: '[NL-R-009] For suppliers in the Netherlands, if an order line reference (cac:OrderLineReference/cbc:LineID) is used, there must be an order reference on the document level (cac:OrderReference/cbc:ID)',
  r009cii:
    '[NL-R-009] For suppliers in the Netherlands, if an order line reference (ram:BuyerOrderReferencedDocument/ram:LineID) is used, there must be an order reference on the document level (rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID)',
};

const ublAddressComplete = (a: XmlElement) => has(a, 'cbc:StreetName') && has(a, 'cbc:CityName') && has(a, 'cbc:PostalZone');
const ciiAddressComplete = (a: XmlElement) => has(a, 'ram:LineOne') && has(a, 'ram:CityName') && has(a, 'ram:PostcodeCode');
const AGREEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
const SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';

export const dutchRules: Rule[] = [
  ubl('NL-R-001', M.r001ubl, (ctx, fire) => {
    if (!supplierNL(ctx) || has(ctx.doc.root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')) return;
    for (const el of all(ctx.doc.root, '//cbc:CreditNoteTypeCode')) fire(xpathOf(el));
  }),
  ubl('NL-R-002', M.r002ubl, (ctx, fire) => {
    if (!supplierNL(ctx)) return;
    for (const a of all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party/cac:PostalAddress')) if (!ublAddressComplete(a)) fire(xpathOf(a));
  }),
  ubl('NL-R-003', M.r003, (ctx, fire) => {
    if (!supplierNL(ctx)) return;
    for (const id of all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID')) if (!kvkOrOin(id)) fire(xpathOf(id));
  }),
  ubl('NL-R-004', M.r004ubl, (ctx, fire) => {
    if (!supplierNL(ctx) || !customerNL(ctx)) return;
    for (const a of all(ctx.doc.root, '//cac:AccountingCustomerParty/cac:Party/cac:PostalAddress')) if (!ublAddressComplete(a)) fire(xpathOf(a));
  }),
  ubl('NL-R-005', M.r005, (ctx, fire) => {
    if (!supplierNL(ctx) || !customerNL(ctx)) return;
    for (const id of all(ctx.doc.root, '//cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID')) if (!kvkOrOin(id)) fire(xpathOf(id));
  }),
  ubl('NL-R-006', M.r006ubl, (ctx, fire) => {
    if (!supplierNL(ctx) || ns(first(ctx.doc.root, 'cac:TaxRepresentativeParty/cac:PostalAddress/cac:Country/cbc:IdentificationCode')).toUpperCase() !== 'NL') return;
    for (const a of all(ctx.doc.root, '//cac:TaxRepresentativeParty/cac:PostalAddress')) if (!ublAddressComplete(a)) fire(xpathOf(a));
  }),
  ubl('NL-R-007', M.r007ubl, (ctx, fire) => {
    if (!supplierNL(ctx) || has(ctx.doc.root, '//cac:PaymentMeans')) return;
    const credit = ctx.doc.documentType === 'CreditNote';
    for (const t of all(ctx.doc.root, '//cac:LegalMonetaryTotal')) {
      const payable = dec(first(t, 'cbc:PayableAmount'));
      const ok = payable !== undefined && (credit ? payable.gte(0) : payable.lte(0));
      if (!ok) fire(xpathOf(t));
    }
  }),
  ubl('NL-R-008', M.r008ubl, (ctx, fire) => {
    if (!supplierNL(ctx) || !customerNL(ctx)) return;
    for (const pm of all(ctx.doc.root, '//cac:PaymentMeans')) if (!PAYMENT_MEANS.has(ns(first(pm, 'cbc:PaymentMeansCode')))) fire(xpathOf(pm));
  }),
  ubl('NL-R-009', M.r009ubl, (ctx, fire) => {
    if (!supplierNL(ctx) || has(ctx.doc.root, 'cac:OrderReference/cbc:ID')) return;
    for (const el of all(ctx.doc.root, '//cac:OrderLineReference/cbc:LineID')) fire(xpathOf(el));
  }),
  cii('NL-R-001', M.r001cii, (ctx, fire) => {
    if (!supplierNL(ctx) || has(ctx.doc.root, '//ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID')) return;
    for (const d of all(ctx.doc.root, 'rsm:ExchangedDocument')) if (['81', '83', '381', '396', '532'].includes(ns(first(d, 'ram:TypeCode')))) fire(xpathOf(d));
  }),
  cii('NL-R-002', M.r002cii, (ctx, fire) => {
    if (!supplierNL(ctx)) return;
    for (const a of all(ctx.doc.root, `${AGREEMENT}/ram:SellerTradeParty/ram:PostalTradeAddress`)) if (!ciiAddressComplete(a)) fire(xpathOf(a));
  }),
  cii('NL-R-003', M.r003, (ctx, fire) => {
    if (!supplierNL(ctx)) return;
    for (const id of all(ctx.doc.root, `${AGREEMENT}/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID`)) if (!kvkOrOin(id)) fire(xpathOf(id));
  }),
  cii('NL-R-004', M.r004cii, (ctx, fire) => {
    if (!supplierNL(ctx) || !customerNL(ctx)) return;
    for (const a of all(ctx.doc.root, `${AGREEMENT}/ram:BuyerTradeParty/ram:PostalTradeAddress`)) if (!ciiAddressComplete(a)) fire(xpathOf(a));
  }),
  cii('NL-R-005', M.r005, (ctx, fire) => {
    if (!supplierNL(ctx) || !customerNL(ctx)) return;
    for (const id of all(ctx.doc.root, `${AGREEMENT}/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID`)) if (!kvkOrOin(id)) fire(xpathOf(id));
  }),
  cii('NL-R-006', M.r006cii, (ctx, fire) => {
    const representative = ns(first(ctx.doc.root, `${AGREEMENT}/ram:SellerTaxRepresentativeTradeParty/ram:PostalTradeAddress/ram:CountryID`)).toUpperCase();
    if (!supplierNL(ctx) || representative !== 'NL') return;
    for (const a of all(ctx.doc.root, `${AGREEMENT}/ram:SellerTaxRepresentativeTradeParty/ram:PostalTradeAddress`)) if (!ciiAddressComplete(a)) fire(xpathOf(a));
  }),
  cii('NL-R-007', M.r007cii, (ctx, fire) => {
    if (!supplierNL(ctx) || has(ctx.doc.root, `${SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans`)) return;
    const credit = ns(first(ctx.doc.root, 'rsm:ExchangedDocument/ram:TypeCode')) === '381';
    for (const t of all(ctx.doc.root, `${SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`)) {
      const due = dec(first(t, 'ram:DuePayableAmount'));
      const ok = due !== undefined && (credit ? due.gte(0) : due.lte(0));
      if (!ok) fire(xpathOf(t));
    }
  }),
  cii('NL-R-008', M.r008cii, (ctx, fire) => {
    if (!supplierNL(ctx) || !customerNL(ctx)) return;
    for (const pm of all(ctx.doc.root, `${SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans`)) if (!PAYMENT_MEANS.has(ns(first(pm, 'ram:TypeCode')))) fire(xpathOf(pm));
  }),
  cii('NL-R-009', M.r009cii, (ctx, fire) => {
    if (!supplierNL(ctx) || has(ctx.doc.root, `${AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID`)) return;
    for (const el of all(ctx.doc.root, 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeAgreement/ram:BuyerOrderReferencedDocument/ram:LineID')) fire(xpathOf(el));
  }),
];
