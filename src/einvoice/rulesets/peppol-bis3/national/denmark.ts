/** DK-R-*: rules for Danish sellers (CVR, payment means and references, non-VAT taxes, UNSPSC versions). */
import type { Fire, Rule, RuleContext, Severity } from '../../../rules/rule';
import { xpathOf, type XmlElement } from '../../../xml/tree';
import { peppolContext } from '../document-context';
import { peppolRule } from '../rule-kit';
import { all, first, ns, num, str, text } from '../xpath';

const F = 'DK-R';
const ubl = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, severity, message, check, F);
const cii = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('CII', id, severity, message, check, F);

/** The DK pattern compares the raw address country codes (no normalisation). */
const supplierDK = (ctx: RuleContext) => peppolContext(ctx).supplierAddressCountryRaw === 'DK';
const customerDK = (ctx: RuleContext) => peppolContext(ctx).customerAddressCountryRaw === 'DK';
const bothDK = (ctx: RuleContext) => supplierDK(ctx) && customerDK(ctx);

const ALLOWED_MEANS = ' 1 10 31 42 48 49 50 58 59 93 97 ';
const UNSPSC_VERSIONS = new Set(['19.05.01', '19.0501', '26.08.01', '26.0801']);
const startsWithAny = (s: string, prefixes: readonly string[]) => prefixes.includes(s.slice(0, 3));

const M = {
  r002ubl: 'Danish suppliers MUST provide legal entity (CVR-number)',
  r002cii: 'Danish suppliers MUST provide legal entity.',
  r003: 'If ItemClassification is provided from Danish suppliers, UNSPSC version 19.05.01 or 26.08.01 should be used.',
  r004: 'When specifying non-VAT Taxes for Danish customers, Danish suppliers MUST use the AllowanceChargeReasonCode="ZZZ" and MUST be specified in AllowanceChargeReason; Either as the 4-digit Tax category or must include a #, but the # is not allowed as first and last character',
  r005: 'For Danish suppliers the following Payment means codes are allowed: 1, 10, 31, 42, 48, 49, 50, 58, 59, 93 and 97',
  r006: 'For Danish suppliers bank account and registration account is mandatory if payment means is 31 or 42',
  r007ubl: 'For Danish suppliers PaymentMandate/ID and PayerFinancialAccount/ID are mandatory when payment means is 49',
  r007cii: 'For Danish suppliers DirectDebitMandateID and CreditorReferenceID are mandatory when payment means is 49',
  r008:
    'For Danish Suppliers PaymentID is mandatory and MUST start with 01#, 04# or 15# (kortartkode), and PayeeFinancialAccount/ID (Giro kontonummer) is mandatory and must be 7 or 8 numerical characters long, when payment means equals 50 (Giro)',
  r009: 'For Danish Suppliers if the PaymentID is prefixed with 04# or 15# the 16 digits instruction Id must be added to the PaymentID eg. "04#1234567890123456" when Payment means equals 50 (Giro)',
  r010: 'For Danish Suppliers the PaymentID is mandatory and MUST start with 71#, 73# or 75# (kortartkode) and CreditAccount/AccountID (Kreditornummer) is mandatory and MUST be exactly 8 characters long, when Payment means equals 93 (FIK)',
  r011: 'For Danish Suppliers if the PaymentID is prefixed with 71# or 75# the 15-16 digits instruction Id must be added to the PaymentID eg. "71#1234567890123456" when payment Method equals 93 (FIK)',
  r013ubl: 'For Danish Suppliers it is mandatory to use schemeID when PartyIdentification/ID is used for AccountingCustomerParty or AccountingSupplierParty',
  r013cii: 'For Danish Suppliers it is mandatory to use schemeID when GlobalID is used for SellerTradeParty or BuyerTradeParty',
  r014ubl: 'For Danish Suppliers it is mandatory to specify schemeID as "0184" (DK CVR-number) when PartyLegalEntity/CompanyID is used for AccountingSupplierParty',
  r014cii: 'For Danish Suppliers it is mandatory to specify schemeID as "0184" when SpecifiedLegalOrganization is used for SellerTradeParty',
  r016ubl: 'For Danish Suppliers, a Credit note cannot have a negative total (PayableAmount)',
  r016cii: 'For Danish Suppliers, a Credit note cannot have a negative total (DuePayableAmount)',
};

/** DK-R-004's reason: a 4-digit tax category, or text with a '#' that is neither first nor last. */
function nonVatTaxReason(reasons: readonly XmlElement[]): boolean {
  const reason = reasons[0];
  const value = str(reason);
  const fourDigits = ns(value).length === 4 && num(value) >= 0 && num(value) <= 9999;
  const hashed = reason !== undefined && value.includes('#') && !value.startsWith('#') && !value.endsWith('#');
  return fourDigits || hashed;
}

/** DK-R-003: a 'TST' classification must come with one of the UNSPSC versions. */
const unspscVersionOk = (codes: readonly XmlElement[]) => !(codes.some((c) => c.attrs.listID === 'TST') && !codes.some((c) => UNSPSC_VERSIONS.has(c.attrs.listVersionID ?? '\u0000')));

/** The checks on one payment means, given its code, payment reference and account fields. */
interface Means {
  code: readonly string[];
  reference: string;
  account: string;
}
const isCode = (m: Means, code: string) => m.code.includes(code);
const means008 = (m: Means, accountOk: boolean) => !(isCode(m, '50') && !(startsWithAny(m.reference, ['01#', '04#', '15#']) && accountOk));
const means009 = (m: Means) => !(isCode(m, '50') && startsWithAny(m.reference, ['04#', '15#']) && m.reference.length !== 19);
const means010 = (m: Means) => !(isCode(m, '93') && !(startsWithAny(m.reference, ['71#', '73#', '75#']) && m.account.length === 8));
const means011 = (m: Means) => !(isCode(m, '93') && startsWithAny(m.reference, ['71#', '75#']) && !(m.reference.length === 18 || m.reference.length === 19));

// ---------------------------------------------------------------- UBL

const ublMeans = (pm: XmlElement): Means => ({ code: all(pm, 'cbc:PaymentMeansCode').map(str), reference: text(pm, 'cbc:PaymentID'), account: first(pm, 'cac:PayeeFinancialAccount/cbc:ID')?.text ?? '' });
const ublPaymentMeans = (ctx: RuleContext) => (ctx.doc.documentType === 'Invoice' && bothDK(ctx) ? all(ctx.doc.root, 'cac:PaymentMeans') : []);
const ublMeansRule = (id: string, message: string, ok: (pm: XmlElement, m: Means) => boolean) =>
  ubl(id, 'fatal', message, (ctx, fire) => {
    for (const pm of ublPaymentMeans(ctx)) if (!ok(pm, ublMeans(pm))) fire(xpathOf(pm));
  });
const ublRoot = (id: string, message: string, ok: (root: XmlElement, ctx: RuleContext) => boolean) =>
  ubl(id, 'fatal', message, (ctx, fire) => {
    if (supplierDK(ctx) && !ok(ctx.doc.root, ctx)) fire(xpathOf(ctx.doc.root));
  });

const ublRules: Rule[] = [
  ublRoot('DK-R-002', M.r002ubl, (root) => ns(first(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID')?.text ?? '') !== ''),
  ublRoot('DK-R-014', M.r014ubl, (root) => {
    const id = first(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID');
    return !(id !== undefined && ns(id.attrs.schemeID ?? '') !== '0184');
  }),
  ublRoot('DK-R-016', M.r016ubl, (root, ctx) => !(ctx.doc.documentType === 'CreditNote' && customerDK(ctx) && num(first(root, 'cac:LegalMonetaryTotal/cbc:PayableAmount')?.text ?? '') < 0)),
  ubl('DK-R-013', 'fatal', M.r013ubl, (ctx, fire) => {
    if (!bothDK(ctx)) return;
    const ids = [...all(ctx.doc.root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification'), ...all(ctx.doc.root, 'cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification')];
    for (const pi of ids) {
      const id = first(pi, 'cbc:ID');
      if (id !== undefined && ns(id.attrs.schemeID ?? '') === '') fire(xpathOf(pi));
    }
  }),
  ublMeansRule('DK-R-005', M.r005, (_pm, m) => ALLOWED_MEANS.includes(` ${m.code[0] ?? ''} `)),
  ublMeansRule(
    'DK-R-006',
    M.r006,
    (pm, m) => !((isCode(m, '31') || isCode(m, '42')) && !(ns(m.account) !== '' && ns(first(pm, 'cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID')?.text ?? '') !== '')),
  ),
  ublMeansRule(
    'DK-R-007',
    M.r007ubl,
    (pm, m) => !(isCode(m, '49') && !(ns(first(pm, 'cac:PaymentMandate/cbc:ID')?.text ?? '') !== '' && ns(first(pm, 'cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID')?.text ?? '') !== '')),
  ),
  ublMeansRule('DK-R-008', M.r008, (pm, m) => means008(m, /^[0-9]{7,8}$/.test(text(pm, 'cac:PayeeFinancialAccount/cbc:ID')))),
  ublMeansRule('DK-R-009', M.r009, (_pm, m) => means009(m)),
  ublMeansRule('DK-R-010', M.r010, (_pm, m) => means010(m)),
  ublMeansRule('DK-R-011', M.r011, (_pm, m) => means011(m)),
  ubl('DK-R-003', 'warning', M.r003, (ctx, fire) => {
    if (!bothDK(ctx)) return;
    const line = ctx.doc.documentType === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
    for (const l of all(ctx.doc.root, line)) if (!unspscVersionOk(all(l, 'cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode'))) fire(xpathOf(l));
  }),
  ubl('DK-R-004', 'fatal', M.r004, (ctx, fire) => {
    if (!bothDK(ctx)) return;
    for (const ac of all(ctx.doc.root, '//cac:AllowanceCharge')) {
      if (all(ac, 'cbc:AllowanceChargeReasonCode').some((c) => str(c) === 'ZZZ') && !nonVatTaxReason(all(ac, 'cbc:AllowanceChargeReason'))) fire(xpathOf(ac));
    }
  }),
];

// ---------------------------------------------------------------- CII

const AGREEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
const SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
const ciiMeans = (pm: XmlElement): Means => ({
  code: all(pm, 'ram:TypeCode').map(str),
  reference: text(pm.parent, 'ram:PaymentReference'),
  account: first(pm, 'ram:PayeePartyCreditorFinancialAccount/ram:IBANID')?.text ?? '',
});
const ciiPaymentMeans = (ctx: RuleContext) => (bothDK(ctx) ? all(ctx.doc.root, `${SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans`) : []);
const ciiMeansRule = (id: string, message: string, ok: (pm: XmlElement, m: Means) => boolean) =>
  cii(id, 'fatal', message, (ctx, fire) => {
    for (const pm of ciiPaymentMeans(ctx)) if (!ok(pm, ciiMeans(pm))) fire(xpathOf(pm));
  });
const ciiRoot = (id: string, message: string, ok: (root: XmlElement, ctx: RuleContext) => boolean) =>
  cii(id, 'fatal', message, (ctx, fire) => {
    if (supplierDK(ctx) && !ok(ctx.doc.root, ctx)) fire(xpathOf(ctx.doc.root));
  });
const missingScheme = (id: XmlElement | undefined) => id !== undefined && ns(id.attrs.schemeID ?? '') === '';

const ciiRules: Rule[] = [
  ciiRoot('DK-R-002', M.r002cii, (root) => ns(first(root, `${AGREEMENT}/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID`)?.text ?? '') !== ''),
  ciiRoot('DK-R-004', M.r004, (root, ctx) => {
    const acs = all(root, `${SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge`);
    const zzz = acs.some((ac) => all(ac, 'ram:ReasonCode').some((c) => str(c) === 'ZZZ'));
    return !(customerDK(ctx) && zzz && !nonVatTaxReason(acs.flatMap((ac) => all(ac, 'ram:Reason'))));
  }),
  ciiRoot('DK-R-013', M.r013cii, (root, ctx) => {
    const seller = first(root, `${AGREEMENT}/ram:SellerTradeParty/ram:GlobalID`);
    const buyer = first(root, `${AGREEMENT}/ram:BuyerTradeParty/ram:GlobalID`);
    return !(customerDK(ctx) && (missingScheme(seller) || missingScheme(buyer)));
  }),
  ciiRoot('DK-R-014', M.r014cii, (root) => {
    const id = first(root, `${AGREEMENT}/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID`);
    return !(id !== undefined && ns(id.attrs.schemeID ?? '') !== '0184');
  }),
  ciiRoot(
    'DK-R-016',
    M.r016cii,
    (root, ctx) =>
      !(customerDK(ctx) && ns(first(root, 'rsm:ExchangedDocument/ram:TypeCode')?.text ?? '') === '381' && num(first(root, `${SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount`)?.text ?? '') < 0),
  ),
  ciiMeansRule('DK-R-005', M.r005, (_pm, m) => ALLOWED_MEANS.includes(` ${m.code[0] ?? ''} `)),
  ciiMeansRule(
    'DK-R-006',
    M.r006,
    (pm, m) => !((isCode(m, '31') || isCode(m, '42')) && !(ns(m.account) !== '' && ns(first(pm, 'ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID')?.text ?? '') !== '')),
  ),
  ciiMeansRule(
    'DK-R-007',
    M.r007cii,
    (pm, m) => !(isCode(m, '49') && !(ns(first(pm.parent, 'ram:CreditorReferenceID')?.text ?? '') !== '' && ns(first(pm, 'ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID')?.text ?? '') !== '')),
  ),
  ciiMeansRule('DK-R-008', M.r008, (_pm, m) => means008(m, m.account.length === 7)),
  ciiMeansRule('DK-R-009', M.r009, (_pm, m) => means009(m)),
  ciiMeansRule('DK-R-010', M.r010, (_pm, m) => means010(m)),
  ciiMeansRule('DK-R-011', M.r011, (_pm, m) => means011(m)),
  cii('DK-R-003', 'warning', M.r003, (ctx, fire) => {
    if (!bothDK(ctx)) return;
    for (const l of all(ctx.doc.root, 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem')) {
      if (!unspscVersionOk(all(l, 'ram:SpecifiedTradeProduct/ram:DesignatedProductClassification/ram:ClassCode'))) fire(xpathOf(l));
    }
  }),
];

export const danishRules: Rule[] = [...ublRules, ...ciiRules];
