/** SE-R-*: rules for Swedish sellers (organisation and VAT numbers, VAT rates, Bankgiro/Plusgiro). */
import { NS } from '../../../parse/namespaces';
import type { Fire, Rule, RuleContext, Severity } from '../../../rules/rule';
import { xpathOf, type XmlElement } from '../../../xml/tree';
import { swedishOrgNumber } from '../identifier-checks';
import { peppolRule } from '../rule-kit';
import { all, elementsNamed, first, has, isNumber, named, ns, num, str } from '../xpath';

const F = 'SE-R';
const ubl = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, severity, message, check, F);
const cii = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('CII', id, severity, message, check, F);

const M001 = 'For Swedish suppliers, Swedish VAT-numbers must consist of 14 characters.';
const M002 = 'For Swedish suppliers, the Swedish VAT-numbers must have the trailing 12 characters in numeric form';
const M003 = 'Swedish organisation numbers should be numeric.';
const M004 = 'Swedish organisation numbers consist of 10 characters.';
const M013 = 'The last digit of a Swedish organization number must be valid according to the Luhn algorithm.';
const M005 = "For Swedish suppliers, when using Seller tax registration identifier, 'Godkänd för F-skatt' must be stated";
const M006 = 'For Swedish suppliers, only standard VAT rate of 6, 12 or 25 are used';
const M007 = 'For Swedish suppliers using Plusgiro, the Account ID must be numeric ';
const M010 = 'For Swedish suppliers using Plusgiro, the Account ID must have 2-8 characters';
const M008 = 'For Swedish suppliers using Bankgiro, the Account ID must be numeric ';
const M009 = 'For Swedish suppliers using Bankgiro, the Account ID must have 7-8 characters';
const M011 =
  'For Swedish suppliers using Swedish Bankgiro or Plusgiro, the proper way to indicate this is to use Code 30 for PaymentMeans and FinancialInstitutionBranch ID with code SE:BANKGIRO or SE:PLUSGIRO';
const M012 = 'For domestic transactions between Swedish trading partners, credit transfer should be indicated by PaymentMeansCode="30"';

const numeric = (el: XmlElement) => isNumber(ns(el));
const plusgiroLength = (el: XmlElement) => ns(el).length >= 2 && ns(el).length <= 8;
const bankgiroLength = (el: XmlElement) => ns(el).length === 7 || ns(el).length === 8;
const F_SKATT = 'GODKÄND FÖR F-SKATT';

// ---------------------------------------------------------------- UBL

const isSE = (party: XmlElement | undefined) => all(party, 'cac:PostalAddress/cac:Country/cbc:IdentificationCode').some((c) => str(c) === 'SE');
const ublVatSchemes = (party: XmlElement | undefined) => all(party, 'cac:PartyTaxScheme').filter((s) => all(s, 'cac:TaxScheme/cbc:ID').some((id) => str(id) === 'VAT'));
const ublVatIds = (party: XmlElement | undefined) => ublVatSchemes(party).flatMap((s) => all(s, 'cbc:CompanyID'));
/** Seller parties in Sweden with a Swedish VAT number (the context of SE-R-001/002/006). */
const ublSwedishVatSellers = (ctx: RuleContext) => all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party').filter((p) => isSE(p) && ublVatIds(p).some((id) => str(id).slice(0, 2) === 'SE'));
const ublSwedishSellers = (ctx: RuleContext) => all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party').filter(isSE);
const ublSwedishBuyer = (ctx: RuleContext) => all(ctx.doc.root, '//cac:AccountingCustomerParty/cac:Party').some(isSE);

function ublGiroAccounts(ctx: RuleContext, branch: string): XmlElement[] {
  if (ublSwedishSellers(ctx).length === 0) return [];
  return all(ctx.doc.root, '//cac:PaymentMeans')
    .filter((pm) => ns(first(pm, 'cbc:PaymentMeansCode')) === '30' && ns(first(pm, 'cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID')) === branch)
    .flatMap((pm) => all(pm, 'cac:PayeeFinancialAccount/cbc:ID'));
}

const ublLegalEntities = (ctx: RuleContext) =>
  all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity').filter((le) => isSE(le.parent) && has(le, 'cbc:CompanyID'));

const ublRules: Rule[] = [
  ubl('SE-R-001', 'fatal', M001, (ctx, fire) => {
    for (const p of ublSwedishVatSellers(ctx)) if (ns(ublVatIds(p)[0]).length !== 14) fire(xpathOf(p));
  }),
  ubl('SE-R-002', 'fatal', M002, (ctx, fire) => {
    for (const p of ublSwedishVatSellers(ctx)) if (!isNumber(str(ublVatIds(p)[0]).slice(2, 14))) fire(xpathOf(p));
  }),
  ubl('SE-R-003', 'fatal', M003, (ctx, fire) => {
    for (const le of ublLegalEntities(ctx)) if (!isNumber(first(le, 'cbc:CompanyID'))) fire(xpathOf(le));
  }),
  ubl('SE-R-004', 'fatal', M004, (ctx, fire) => {
    for (const le of ublLegalEntities(ctx)) if (ns(first(le, 'cbc:CompanyID')).length !== 10) fire(xpathOf(le));
  }),
  ubl('SE-R-013', 'fatal', M013, (ctx, fire) => {
    for (const le of ublLegalEntities(ctx)) if (!swedishOrgNumber(ns(first(le, 'cbc:CompanyID')))) fire(xpathOf(le));
  }),
  ubl('SE-R-005', 'fatal', M005, (ctx, fire) => {
    for (const p of ublSwedishSellers(ctx)) {
      if (!has(p, 'cac:PartyLegalEntity/cbc:CompanyID')) continue;
      for (const s of all(p, 'cac:PartyTaxScheme')) {
        if (ns(first(s, 'cac:TaxScheme/cbc:ID')).toUpperCase() === 'VAT') continue;
        for (const id of all(s, 'cbc:CompanyID')) if (ns(str(id).toUpperCase()) !== F_SKATT) fire(xpathOf(id));
      }
    }
  }),
  ubl('SE-R-006', 'fatal', M006, (ctx, fire) => {
    if (ublSwedishVatSellers(ctx).length === 0) return;
    for (const el of [...elementsNamed(ctx, 'TaxCategory'), ...elementsNamed(ctx, 'ClassifiedTaxCategory')]) {
      if (el.ns !== NS.cac) continue;
      if (!all(el, 'cbc:ID').some((id) => str(id) === 'S')) continue;
      const n = num(first(el, 'cbc:Percent'));
      if (n !== 25 && n !== 12 && n !== 6) fire(xpathOf(el));
    }
  }),
  ubl('SE-R-007', 'warning', M007, (ctx, fire) => {
    for (const id of ublGiroAccounts(ctx, 'SE:PLUSGIRO')) if (!numeric(id)) fire(xpathOf(id));
  }),
  ubl('SE-R-010', 'warning', M010, (ctx, fire) => {
    for (const id of ublGiroAccounts(ctx, 'SE:PLUSGIRO')) if (!plusgiroLength(id)) fire(xpathOf(id));
  }),
  ubl('SE-R-008', 'warning', M008, (ctx, fire) => {
    for (const id of ublGiroAccounts(ctx, 'SE:BANKGIRO')) if (!numeric(id)) fire(xpathOf(id));
  }),
  ubl('SE-R-009', 'warning', M009, (ctx, fire) => {
    for (const id of ublGiroAccounts(ctx, 'SE:BANKGIRO')) if (!bankgiroLength(id)) fire(xpathOf(id));
  }),
  ubl('SE-R-011', 'warning', M011, (ctx, fire) => {
    if (ublSwedishSellers(ctx).length === 0) return;
    for (const pm of all(ctx.doc.root, '//cac:PaymentMeans')) if (all(pm, 'cbc:PaymentMeansCode').some((c) => str(c) === '50' || str(c) === '56')) fire(xpathOf(pm));
  }),
  ubl('SE-R-012', 'warning', M012, (ctx, fire) => {
    if (ublSwedishSellers(ctx).length === 0 || !ublSwedishBuyer(ctx)) return;
    for (const pm of all(ctx.doc.root, '//cac:PaymentMeans')) if (all(pm, 'cbc:PaymentMeansCode').some((c) => str(c) === '31')) fire(xpathOf(pm));
  }),
];

// ---------------------------------------------------------------- CII

const AGREEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
const ciiIsSE = (party: XmlElement | undefined) => all(party, 'ram:PostalTradeAddress/ram:CountryID').some((c) => str(c) === 'SE');
const ciiVatIds = (party: XmlElement | undefined) => all(party, 'ram:SpecifiedTaxRegistration/ram:ID').filter((id) => id.attrs.schemeID === 'VAT');
const ciiSellers = (ctx: RuleContext) => all(ctx.doc.root, `${AGREEMENT}/ram:SellerTradeParty`);
const ciiSwedishVatSellers = (ctx: RuleContext) => ciiSellers(ctx).filter((p) => ciiIsSE(p) && ciiVatIds(p).some((id) => str(id).slice(0, 2) === 'SE'));

/** Payment means of a transaction whose seller is in Sweden (and, for SE-R-012, whose buyer is too). */
function ciiPaymentMeans(ctx: RuleContext, buyerToo: boolean): XmlElement[] {
  return all(ctx.doc.root, 'rsm:SupplyChainTradeTransaction')
    .filter((t) => all(t, 'ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty').some(ciiIsSE) && (!buyerToo || all(t, 'ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty').some(ciiIsSE)))
    .flatMap((t) => all(t, 'ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementPaymentMeans'));
}

const ciiGiroAccounts = (ctx: RuleContext, bic: string) =>
  ciiPaymentMeans(ctx, false)
    .filter((pm) => ns(first(pm, 'ram:TypeCode')) === '30' && ns(first(pm, 'ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID')) === bic)
    .flatMap((pm) => all(pm, 'ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID'));

const ciiLegalOrganizations = (ctx: RuleContext) => ciiSellers(ctx).flatMap((p) => (ciiIsSE(p) ? all(p, 'ram:SpecifiedLegalOrganization').filter((o) => has(o, 'ram:ID')) : []));

const ciiRules: Rule[] = [
  cii('SE-R-001', 'fatal', M001, (ctx, fire) => {
    for (const p of ciiSwedishVatSellers(ctx)) if (ns(ciiVatIds(p)[0]).length !== 14) fire(xpathOf(p));
  }),
  cii('SE-R-002', 'fatal', M002, (ctx, fire) => {
    for (const p of ciiSwedishVatSellers(ctx)) if (!isNumber(str(ciiVatIds(p)[0]).slice(2, 14))) fire(xpathOf(p));
  }),
  cii('SE-R-003', 'fatal', M003, (ctx, fire) => {
    for (const o of ciiLegalOrganizations(ctx)) if (!isNumber(first(o, 'ram:ID'))) fire(xpathOf(o));
  }),
  cii('SE-R-004', 'fatal', M004, (ctx, fire) => {
    for (const o of ciiLegalOrganizations(ctx)) if (ns(first(o, 'ram:ID')).length !== 10) fire(xpathOf(o));
  }),
  cii('SE-R-013', 'fatal', M013, (ctx, fire) => {
    for (const o of ciiLegalOrganizations(ctx)) if (!swedishOrgNumber(ns(first(o, 'ram:ID')))) fire(xpathOf(o));
  }),
  cii('SE-R-005', 'fatal', M005, (ctx, fire) => {
    for (const p of ciiSellers(ctx)) {
      if (!ciiIsSE(p) || !has(p, 'ram:SpecifiedLegalOrganization/ram:ID')) continue;
      for (const id of all(p, 'ram:SpecifiedTaxRegistration/ram:ID')) if (id.attrs.schemeID === 'FC' && ns(str(id).toUpperCase()) !== F_SKATT) fire(xpathOf(id));
    }
  }),
  cii('SE-R-006', 'fatal', M006, (ctx, fire) => {
    if (ciiSwedishVatSellers(ctx).length === 0) return;
    for (const el of [...elementsNamed(ctx, 'ApplicableTradeTax'), ...elementsNamed(ctx, 'CategoryTradeTax')]) {
      if (!(named(el, NS.ram, 'ApplicableTradeTax') || named(el, NS.ram, 'CategoryTradeTax'))) continue;
      const n = num(first(el, 'ram:RateApplicablePercent'));
      if (n !== 25 && n !== 12 && n !== 6) fire(xpathOf(el));
    }
  }),
  cii('SE-R-007', 'warning', M007, (ctx, fire) => {
    for (const id of ciiGiroAccounts(ctx, 'SE:PLUSGIRO')) if (!numeric(id)) fire(xpathOf(id));
  }),
  cii('SE-R-010', 'warning', M010, (ctx, fire) => {
    for (const id of ciiGiroAccounts(ctx, 'SE:PLUSGIRO')) if (!plusgiroLength(id)) fire(xpathOf(id));
  }),
  cii('SE-R-008', 'warning', M008, (ctx, fire) => {
    for (const id of ciiGiroAccounts(ctx, 'SE:BANKGIRO')) if (!numeric(id)) fire(xpathOf(id));
  }),
  cii('SE-R-009', 'warning', M009, (ctx, fire) => {
    for (const id of ciiGiroAccounts(ctx, 'SE:BANKGIRO')) if (!bankgiroLength(id)) fire(xpathOf(id));
  }),
  cii('SE-R-011', 'warning', M011, (ctx, fire) => {
    for (const pm of ciiPaymentMeans(ctx, false)) if (['50', '56'].includes(ns(first(pm, 'ram:TypeCode')))) fire(xpathOf(pm));
  }),
  cii('SE-R-012', 'warning', M012, (ctx, fire) => {
    for (const pm of ciiPaymentMeans(ctx, true)) if (ns(first(pm, 'ram:TypeCode')) === '31') fire(xpathOf(pm));
  }),
];

export const swedishRules: Rule[] = [...ublRules, ...ciiRules];
