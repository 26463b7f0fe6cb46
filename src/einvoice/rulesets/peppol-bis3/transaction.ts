/**
 * PEPPOL-EN16931-R*: the Peppol transaction rules (document level, parties, allowances and
 * charges, tax totals, payment, lines), for UBL and CII as each Schematron binds them.
 */
import Decimal from 'decimal.js';
import { NS } from '../../parse/namespaces';
import type { Fire, Rule, RuleContext } from '../../rules/rule';
import { xpathOf, type XmlElement } from '../../xml/tree';
import { peppolContext } from './document-context';
import { peppolRule } from './rule-kit';
import { all, dec, elementsNamed, everyElement, first, has, named, ns, num, str, text, up } from './xpath';

const ZERO = new Decimal(0);
const ONE = new Decimal(1);
const HUNDRED = new Decimal(100);
const SLACK = new Decimal('0.02');

/** u:slack: |expected - value| <= slack. */
const slack = (expected: Decimal, value: Decimal, by: Decimal = SLACK): boolean => expected.plus(by).gte(value) && expected.minus(by).lte(value);

/** normalize-space(s) = '' without building the normalised string (R008 asks it of every leaf). */
function blank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** `if (X) then xs:decimal(X) else fallback`; undefined when X is there but not a decimal. */
function decOr(el: XmlElement | undefined, fallback: Decimal): Decimal | undefined {
  return el === undefined ? fallback : dec(el);
}

/** XPath round(x * 100) div 100 (round half towards positive infinity). */
const round2 = (d: Decimal): Decimal => d.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL).div(100);

function sumOf(els: readonly XmlElement[]): Decimal | undefined {
  let sum = ZERO;
  for (const el of els) {
    const d = dec(el);
    if (d === undefined) return undefined;
    sum = sum.plus(d);
  }
  return sum;
}

/** An XPath general comparison of nodes with a number: some node's numeric value satisfies it. */
const someNumber = (els: readonly XmlElement[], test: (n: number) => boolean): boolean => els.some((el) => test(num(el)));

/** A date of the xs:date lexical form (no time zone) as a comparable string, undefined when not one. */
function isoDate(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1] ? s.trim() : undefined;
}

export { isoDate };

// ---------------------------------------------------------------- UBL

const ubl = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, 'fatal', message, check);
const lineName = (ctx: RuleContext): string => (ctx.doc.documentType === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');

/** The document and line level allowances/charges (`/*\/cac:AllowanceCharge | /*\/cac:InvoiceLine/cac:AllowanceCharge`). */
function ublAllowanceCharges(ctx: RuleContext): XmlElement[] {
  const root = ctx.doc.root;
  return [...all(root, 'cac:AllowanceCharge'), ...all(root, `${lineName(ctx)}/cac:AllowanceCharge`)];
}

/** Which of the three rules of the pattern an allowance/charge is matched by (the first whose context matches). */
function allowanceBranch(ac: XmlElement, percent: string, base: string): 'R041' | 'R042' | 'R040' {
  const p = has(ac, percent);
  const b = has(ac, base);
  if (p && !b) return 'R041';
  if (!p && b) return 'R042';
  return 'R040';
}

function amountMatchesPercentage(ac: XmlElement, amountPath: string, basePath: string, percentPath: string): boolean {
  if (!(has(ac, percentPath) && has(ac, basePath))) return true;
  const amount = decOr(first(ac, amountPath), ZERO);
  const base = dec(first(ac, basePath));
  const percent = dec(first(ac, percentPath));
  if (amount === undefined || base === undefined || percent === undefined) return false;
  return slack(amount, base.times(percent).div(HUNDRED));
}

const UBL_CURRENCY_AMOUNTS = new Set([
  'Amount',
  'BaseAmount',
  'PriceAmount',
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

const R051_NAMES = [...UBL_CURRENCY_AMOUNTS, 'TaxAmount'];

/** R051's context: the amounts above, and TaxAmount of a TaxTotal with subtotals or of a TaxSubtotal. */
function r051Context(el: XmlElement): boolean {
  if (el.ns !== NS.cbc) return false;
  if (UBL_CURRENCY_AMOUNTS.has(el.local)) return true;
  if (el.local !== 'TaxAmount') return false;
  const parent = el.parent;
  return named(parent, NS.cac, 'TaxSubtotal') || (named(parent, NS.cac, 'TaxTotal') && has(parent, 'cac:TaxSubtotal'));
}

const ublRules: Rule[] = [
  ubl('PEPPOL-EN16931-R008', 'Document MUST not contain empty elements.', (ctx, fire) => {
    for (const el of everyElement(ctx)) if (el.children.length === 0 && blank(el.text)) fire(xpathOf(el));
  }),
  ubl('PEPPOL-EN16931-R080', 'Only one project reference is allowed on document level', ({ doc }, fire) => {
    if (doc.documentType !== 'CreditNote') return;
    if (all(doc.root, 'cac:AdditionalDocumentReference').filter((r) => all(r, 'cbc:DocumentTypeCode').some((c) => str(c) === '50')).length > 1) fire(xpathOf(doc.root));
  }),
  ubl('PEPPOL-EN16931-R001', 'Business process MUST be provided.', ({ doc }, fire) => {
    if (!has(doc.root, 'cbc:ProfileID')) fire(xpathOf(doc.root));
  }),
  ubl('PEPPOL-EN16931-R007', "Business process MUST be in the format 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0' where NN indicates the process number.", (ctx, fire) => {
    if (peppolContext(ctx).profile === 'Unknown') fire(xpathOf(ctx.doc.root));
  }),
  ubl(
    'PEPPOL-EN16931-R002',
    'No more than one note is allowed on document level, unless both the buyer and seller are German organizations.',
    (ctx, fire) => {
      const c = peppolContext(ctx);
      if (all(ctx.doc.root, 'cbc:Note').length > 1 && !(c.supplierAddressCountry === 'DE' && c.customerAddressCountry === 'DE')) fire(xpathOf(ctx.doc.root));
    },
  ),
  ubl('PEPPOL-EN16931-R003', 'A buyer reference or purchase order reference MUST be provided.', ({ doc }, fire) => {
    if (!has(doc.root, 'cbc:BuyerReference') && !has(doc.root, 'cac:OrderReference/cbc:ID')) fire(xpathOf(doc.root));
  }),
  ubl(
    'PEPPOL-EN16931-R004',
    "Specification identifier MUST have the value 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'.",
    ({ doc }, fire) => {
      const id = first(doc.root, 'cbc:CustomizationID');
      if (!ns(id?.text ?? '').startsWith('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0')) fire(xpathOf(doc.root));
    },
  ),
  ubl('PEPPOL-EN16931-R053', 'Only one tax total with tax subtotals MUST be provided.', ({ doc }, fire) => {
    if (all(doc.root, 'cac:TaxTotal').filter((t) => has(t, 'cac:TaxSubtotal')).length !== 1) fire(xpathOf(doc.root));
  }),
  ubl('PEPPOL-EN16931-R054', 'Only one tax total without tax subtotals MUST be provided when tax currency code is provided.', ({ doc }, fire) => {
    const without = all(doc.root, 'cac:TaxTotal').filter((t) => !has(t, 'cac:TaxSubtotal')).length;
    if (without !== (has(doc.root, 'cbc:TaxCurrencyCode') ? 1 : 0)) fire(xpathOf(doc.root));
  }),
  ubl('PEPPOL-EN16931-R055', 'Invoice total VAT amount and Invoice total VAT amount in accounting currency MUST have the same operational sign', ({ doc }, fire) => {
    const root = doc.root;
    if (!has(root, 'cbc:TaxCurrencyCode')) return;
    const amounts = all(root, 'cac:TaxTotal/cbc:TaxAmount');
    const inCurrency = (code: string) => amounts.filter((a) => a.attrs.currencyID === ns(code));
    const tax = inCurrency(text(root, 'cbc:TaxCurrencyCode'));
    const document = inCurrency(text(root, 'cbc:DocumentCurrencyCode'));
    const ok = (someNumber(tax, (n) => n <= 0) && someNumber(document, (n) => n <= 0)) || (someNumber(tax, (n) => n >= 0) && someNumber(document, (n) => n >= 0));
    if (!ok) fire(xpathOf(root));
  }),
  ubl('PEPPOL-EN16931-R005', 'VAT accounting currency code MUST be different from invoice currency code when provided.', (ctx, fire) => {
    for (const el of elementsNamed(ctx, 'TaxCurrencyCode')) {
      if (!named(el, NS.cbc, 'TaxCurrencyCode')) continue;
      if (ns(el.text) === ns(first(el.parent, 'cbc:DocumentCurrencyCode')?.text ?? '')) fire(xpathOf(el));
    }
  }),
  ubl('PEPPOL-EN16931-R010', 'Buyer electronic address MUST be provided', ({ doc }, fire) => {
    for (const party of all(doc.root, '//cac:AccountingCustomerParty/cac:Party')) if (!has(party, 'cbc:EndpointID')) fire(xpathOf(party));
  }),
  ubl('PEPPOL-EN16931-R020', 'Seller electronic address MUST be provided', ({ doc }, fire) => {
    for (const party of all(doc.root, '//cac:AccountingSupplierParty/cac:Party')) if (!has(party, 'cbc:EndpointID')) fire(xpathOf(party));
  }),
  ubl('PEPPOL-EN16931-R041', 'Allowance/charge base amount MUST be provided when allowance/charge percentage is provided.', (ctx, fire) => {
    for (const ac of ublAllowanceCharges(ctx)) if (allowanceBranch(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') === 'R041') fire(xpathOf(ac));
  }),
  ubl('PEPPOL-EN16931-R042', 'Allowance/charge percentage MUST be provided when allowance/charge base amount is provided.', (ctx, fire) => {
    for (const ac of ublAllowanceCharges(ctx)) if (allowanceBranch(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') === 'R042') fire(xpathOf(ac));
  }),
  ubl('PEPPOL-EN16931-R040', 'Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists', (ctx, fire) => {
    for (const ac of ublAllowanceCharges(ctx)) {
      if (allowanceBranch(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') !== 'R040') continue;
      if (!amountMatchesPercentage(ac, 'cbc:Amount', 'cbc:BaseAmount', 'cbc:MultiplierFactorNumeric')) fire(xpathOf(ac));
    }
  }),
  ubl('PEPPOL-EN16931-R043', "Allowance/charge ChargeIndicator value MUST equal 'true' or 'false'", (ctx, fire) => {
    for (const ac of ublAllowanceCharges(ctx)) {
      if (allowanceBranch(ac, 'cbc:MultiplierFactorNumeric', 'cbc:BaseAmount') !== 'R040') continue;
      const v = ns(first(ac, 'cbc:ChargeIndicator')?.text ?? '');
      if (v !== 'true' && v !== 'false') fire(xpathOf(ac));
    }
  }),
  ubl('PEPPOL-EN16931-R061', 'Mandate reference MUST be provided for direct debit.', ({ doc }, fire) => {
    for (const pm of all(doc.root, '//cac:PaymentMeans')) {
      const code = ns(first(pm, 'cbc:PaymentMeansCode'));
      if ((code === '49' || code === '59') && !has(pm, 'cac:PaymentMandate/cbc:ID')) fire(xpathOf(pm));
    }
  }),
  ubl(
    'PEPPOL-EN16931-R051',
    'All currencyID attributes must have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).',
    (ctx, fire) => {
      const currency = all(ctx.doc.root, 'cbc:DocumentCurrencyCode').map(str);
      for (const el of R051_NAMES.flatMap((local) => elementsNamed(ctx, local))) {
        if (!r051Context(el)) continue;
        const id = el.attrs.currencyID;
        if (id === undefined || !currency.includes(id)) fire(xpathOf(el));
      }
    },
  ),
  ubl('PEPPOL-EN16931-R110', 'Start date of line period MUST be within invoice period.', (ctx, fire) => {
    const invoiceStart = first(ctx.doc.root, 'cac:InvoicePeriod/cbc:StartDate');
    if (invoiceStart === undefined) return;
    const bound = isoDate(str(invoiceStart));
    for (const el of all(ctx.doc.root, `${lineName(ctx)}/cac:InvoicePeriod/cbc:StartDate`)) {
      const d = isoDate(str(el));
      if (d === undefined || bound === undefined || d < bound) fire(xpathOf(el));
    }
  }),
  ubl('PEPPOL-EN16931-R111', 'End date of line period MUST be within invoice period.', (ctx, fire) => {
    const invoiceEnd = first(ctx.doc.root, 'cac:InvoicePeriod/cbc:EndDate');
    if (invoiceEnd === undefined) return;
    const bound = isoDate(str(invoiceEnd));
    for (const el of all(ctx.doc.root, `${lineName(ctx)}/cac:InvoicePeriod/cbc:EndDate`)) {
      const d = isoDate(str(el));
      if (d === undefined || bound === undefined || d > bound) fire(xpathOf(el));
    }
  }),
  ubl(
    'PEPPOL-EN16931-R120',
    'Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount',
    (ctx, fire) => {
      const quantityName = ctx.doc.documentType === 'CreditNote' ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
      for (const line of ublLines(ctx)) {
        const net = decOr(first(line, 'cbc:LineExtensionAmount'), ZERO);
        const quantity = decOr(first(line, quantityName), ONE);
        const price = decOr(first(line, 'cac:Price/cbc:PriceAmount'), ZERO);
        const baseEl = first(line, 'cac:Price/cbc:BaseQuantity');
        const base = baseEl === undefined ? ONE : dec(baseEl);
        const acs = all(line, 'cac:AllowanceCharge');
        const allowances = sumOf(acs.filter((a) => ns(first(a, 'cbc:ChargeIndicator')) === 'false').flatMap((a) => all(a, 'cbc:Amount')));
        const charges = sumOf(acs.filter((a) => ns(first(a, 'cbc:ChargeIndicator')) === 'true').flatMap((a) => all(a, 'cbc:Amount')));
        if (net === undefined || quantity === undefined || price === undefined || base === undefined || allowances === undefined || charges === undefined) {
          fire(xpathOf(line));
          continue;
        }
        const divisor = base.isZero() ? ONE : base;
        if (!slack(net, quantity.times(price.div(divisor)).plus(round2(charges)).minus(round2(allowances)))) fire(xpathOf(line));
      }
    },
  ),
  ubl('PEPPOL-EN16931-R121', 'Base quantity MUST be a positive number above zero.', (ctx, fire) => {
    for (const line of ublLines(ctx)) {
      const base = first(line, 'cac:Price/cbc:BaseQuantity');
      if (base !== undefined && !(dec(base)?.gt(0) ?? false)) fire(xpathOf(line));
    }
  }),
  ubl('PEPPOL-EN16931-R100', 'Only one invoiced object is allowed pr line', (ctx, fire) => {
    for (const line of ublLines(ctx)) if (all(line, 'cac:DocumentReference').length > 1) fire(xpathOf(line));
  }),
  ubl('PEPPOL-EN16931-R101', 'Element Document reference can only be used for Invoice line object', (ctx, fire) => {
    for (const line of ublLines(ctx)) {
      if (has(line, 'cac:DocumentReference') && !all(line, 'cac:DocumentReference/cbc:DocumentTypeCode').some((c) => str(c) === '130')) fire(xpathOf(line));
    }
  }),
  ubl('PEPPOL-EN16931-R044', "Charge on price level is NOT allowed. Only value 'false' allowed.", ({ doc }, fire) => {
    for (const ac of all(doc.root, '//cac:Price/cac:AllowanceCharge')) if (ns(first(ac, 'cbc:ChargeIndicator')) !== 'false') fire(xpathOf(ac));
  }),
  ubl('PEPPOL-EN16931-R046', 'Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.', ({ doc }, fire) => {
    for (const ac of all(doc.root, '//cac:Price/cac:AllowanceCharge')) {
      if (!has(ac, 'cbc:BaseAmount')) continue;
      const price = dec(first(ac.parent, 'cbc:PriceAmount'));
      const base = dec(first(ac, 'cbc:BaseAmount'));
      const amount = dec(first(ac, 'cbc:Amount'));
      if (price === undefined || base === undefined || amount === undefined || !price.eq(base.minus(amount))) fire(xpathOf(ac));
    }
  }),
  ubl('PEPPOL-EN16931-R130', 'Unit code of price base quantity MUST be same as invoiced quantity.', (ctx, fire) => {
    const quantityName = ctx.doc.documentType === 'CreditNote' ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
    for (const base of all(ctx.doc.root, '//cac:Price/cbc:BaseQuantity')) {
      const unit = base.attrs.unitCode;
      if (unit === undefined) continue;
      const line = up(base, 2);
      if (!has(line, 'cbc:InvoicedQuantity') && !has(line, 'cbc:CreditedQuantity')) continue;
      if (!all(line, quantityName).some((q) => q.attrs.unitCode === unit)) fire(xpathOf(base));
    }
  }),
];

/** `cac:InvoiceLine | cac:CreditNoteLine` wherever they are. */
function ublLines(ctx: RuleContext): readonly XmlElement[] {
  return [...elementsNamed(ctx, 'InvoiceLine'), ...elementsNamed(ctx, 'CreditNoteLine')].filter((el) => el.ns === NS.cac);
}

// ---------------------------------------------------------------- CII

const cii = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('CII', id, 'fatal', message, check);
const TRANSACTION = 'rsm:SupplyChainTradeTransaction';
const SETTLEMENT = `${TRANSACTION}/ram:ApplicableHeaderTradeSettlement`;
const MONETARY = 'ram:SpecifiedTradeSettlementHeaderMonetarySummation';

/** Every element with the name in the document (an unanchored Schematron context). */
const everywhere = (ctx: RuleContext, local: string, nsUri: string = NS.ram): XmlElement[] => elementsNamed(ctx, local).filter((el) => el.ns === nsUri);

const ciiRules: Rule[] = [
  cii('PEPPOL-EN16931-R001', 'Business process MUST be provided.', (ctx, fire) => {
    for (const c of everywhere(ctx, 'ExchangedDocumentContext', NS.rsm)) if (!has(c, 'ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID')) fire(xpathOf(c));
  }),
  cii('PEPPOL-EN16931-R007', "Business process MUST be in the format 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0' where NN indicates the process number.", (ctx, fire) => {
    if (peppolContext(ctx).profile !== 'Unknown') return;
    for (const c of everywhere(ctx, 'ExchangedDocumentContext', NS.rsm)) fire(xpathOf(c));
  }),
  cii(
    'PEPPOL-EN16931-R004',
    "Specification identifier MUST have the value 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'.",
    (ctx, fire) => {
      for (const c of everywhere(ctx, 'ExchangedDocumentContext', NS.rsm)) {
        const id = first(c, 'ram:GuidelineSpecifiedDocumentContextParameter/ram:ID');
        if (!ns(id?.text ?? '').startsWith('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0')) fire(xpathOf(c));
      }
    },
  ),
  cii('PEPPOL-EN16931-R003', 'A buyer reference or purchase order reference MUST be provided.', (ctx, fire) => {
    for (const a of everywhere(ctx, 'ApplicableHeaderTradeAgreement')) if (!has(a, 'ram:BuyerReference') && !has(a, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID')) fire(xpathOf(a));
  }),
  cii('PEPPOL-EN16931-R006', 'Only one invoiced object is allowed on document level', (ctx, fire) => {
    for (const a of everywhere(ctx, 'ApplicableHeaderTradeAgreement')) if (typedReferences(a, 'ram:AdditionalReferencedDocument', '130') > 1) fire(xpathOf(a));
  }),
  cii('PEPPOL-EN16931-R080', 'Only one project reference is allowed on document level', (ctx, fire) => {
    for (const a of everywhere(ctx, 'ApplicableHeaderTradeAgreement')) if (typedReferences(a, 'ram:AdditionalReferencedDocument', '50') > 1) fire(xpathOf(a));
  }),
  cii('PEPPOL-EN16931-R005', 'VAT accounting currency code MUST be different from invoice currency code when provided.', (ctx, fire) => {
    for (const s of everywhere(ctx, 'ApplicableHeaderTradeSettlement')) {
      const tax = first(s, 'ram:TaxCurrencyCode');
      if (tax !== undefined && ns(tax.text) === ns(first(s, 'ram:InvoiceCurrencyCode')?.text ?? '')) fire(xpathOf(s));
    }
  }),
  cii('PEPPOL-EN16931-R053', 'Only one tax total with tax subtotals MUST be provided.', (ctx, fire) => {
    const currency = documentCurrency(ctx);
    for (const s of everywhere(ctx, 'ApplicableHeaderTradeSettlement')) {
      if (all(s, `${MONETARY}/ram:TaxTotalAmount`).filter((t) => t.attrs.currencyID !== undefined && currency.has(t.attrs.currencyID)).length !== 1) fire(xpathOf(s));
    }
  }),
  cii('PEPPOL-EN16931-R054', 'Only one tax total without tax subtotals MUST be provided when tax currency code is provided.', (ctx, fire) => {
    const currency = documentCurrency(ctx);
    for (const s of everywhere(ctx, 'ApplicableHeaderTradeSettlement')) {
      // Some document currency code other than the amount's: more than one distinct code, or one that is not the amount's.
      const other = all(s, `${MONETARY}/ram:TaxTotalAmount`).filter((t) => t.attrs.currencyID !== undefined && (currency.size > 1 || (currency.size === 1 && !currency.has(t.attrs.currencyID)))).length;
      if (other !== (has(s, 'ram:TaxCurrencyCode') ? 1 : 0)) fire(xpathOf(s));
    }
  }),
  cii('PEPPOL-EN16931-R055', 'Invoice total VAT amount and Invoice total VAT amount in accounting currency MUST have the same operational sign', (ctx, fire) => {
    if (!has(ctx.doc.root, `${SETTLEMENT}/ram:TaxCurrencyCode`)) return;
    const currency = documentCurrency(ctx);
    const taxCurrency = new Set(all(ctx.doc.root, `${SETTLEMENT}/ram:TaxCurrencyCode`).map(str));
    for (const s of everywhere(ctx, 'ApplicableHeaderTradeSettlement')) {
      const totals = all(s, `${MONETARY}/ram:TaxTotalAmount`);
      const inTax = totals.filter((t) => taxCurrency.has(t.attrs.currencyID ?? '\u0000'));
      const inDocument = totals.filter((t) => currency.has(t.attrs.currencyID ?? '\u0000'));
      const ok = (someNumber(inTax, (n) => n < 0) && someNumber(inDocument, (n) => n < 0)) || (someNumber(inTax, (n) => n >= 0) && someNumber(inDocument, (n) => n >= 0));
      if (!ok) fire(xpathOf(s));
    }
  }),
  cii('PEPPOL-EN16931-R002', 'No more than one note is allowed on document level.', (ctx, fire) => {
    for (const d of everywhere(ctx, 'ExchangedDocument', NS.rsm)) if (all(d, 'ram:IncludedNote').length > 1 || has(d, 'ram:IncludedNote/ram:SubjectCode')) fire(xpathOf(d));
  }),
  cii('PEPPOL-EN16931-R010', 'Buyer electronic address MUST be provided', (ctx, fire) => {
    for (const p of everywhere(ctx, 'BuyerTradeParty')) if (!has(p, 'ram:URIUniversalCommunication/ram:URIID')) fire(xpathOf(p));
  }),
  cii('PEPPOL-EN16931-R020', 'Seller electronic address MUST be provided', (ctx, fire) => {
    for (const p of everywhere(ctx, 'SellerTradeParty')) if (!has(p, 'ram:URIUniversalCommunication/ram:URIID')) fire(xpathOf(p));
  }),
  cii('PEPPOL-EN16931-R041', 'Allowance/charge base amount MUST be provided when allowance/charge percentage is provided.', (ctx, fire) => {
    for (const ac of everywhere(ctx, 'SpecifiedTradeAllowanceCharge')) if (allowanceBranch(ac, 'ram:CalculationPercent', 'ram:BasisAmount') === 'R041') fire(xpathOf(ac));
  }),
  cii('PEPPOL-EN16931-R042', 'Allowance/charge percentage MUST be provided when allowance/charge base amount is provided.', (ctx, fire) => {
    for (const ac of everywhere(ctx, 'SpecifiedTradeAllowanceCharge')) if (allowanceBranch(ac, 'ram:CalculationPercent', 'ram:BasisAmount') === 'R042') fire(xpathOf(ac));
  }),
  cii('PEPPOL-EN16931-R040', 'Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists', (ctx, fire) => {
    for (const ac of everywhere(ctx, 'SpecifiedTradeAllowanceCharge')) {
      if (allowanceBranch(ac, 'ram:CalculationPercent', 'ram:BasisAmount') !== 'R040') continue;
      if (!amountMatchesPercentage(ac, 'ram:ActualAmount', 'ram:BasisAmount', 'ram:CalculationPercent')) fire(xpathOf(ac));
    }
  }),
  cii('PEPPOL-EN16931-R043', "Allowance/charge ChargeIndicator value MUST equal 'true' or 'false'", (ctx, fire) => {
    const check = (ac: XmlElement) => {
      const v = ns(first(ac, 'ram:ChargeIndicator/udt:Indicator')?.text ?? '');
      if (v !== 'true' && v !== 'false') fire(xpathOf(ac));
    };
    for (const ac of everywhere(ctx, 'SpecifiedTradeAllowanceCharge')) if (allowanceBranch(ac, 'ram:CalculationPercent', 'ram:BasisAmount') === 'R040') check(ac);
    for (const ac of everywhere(ctx, 'AppliedTradeAllowanceCharge')) check(ac);
  }),
  cii('PEPPOL-EN16931-R061', 'Mandate reference MUST be provided for direct debit.', (ctx, fire) => {
    for (const pm of everywhere(ctx, 'SpecifiedTradeSettlementPaymentMeans')) {
      const code = ns(first(pm, 'ram:TypeCode'));
      if ((code === '49' || code === '59') && !has(pm.parent, 'ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID')) fire(xpathOf(pm));
    }
  }),
  cii('PEPPOL-EN16931-R110', 'Start date of line period MUST be within invoice period.', (ctx, fire) => ciiLinePeriod(ctx, fire, 'StartDateTime', (line, header) => line >= header)),
  cii('PEPPOL-EN16931-R111', 'End date of line period MUST be within invoice period.', (ctx, fire) => ciiLinePeriod(ctx, fire, 'EndDateTime', (line, header) => line <= header)),
  cii(
    'PEPPOL-EN16931-R120',
    'Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount',
    (ctx, fire) => {
      for (const line of everywhere(ctx, 'IncludedSupplyChainTradeLineItem')) {
        const net = decOr(first(line, 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'), ZERO);
        const quantity = decOr(first(line, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'), ONE);
        const price = decOr(first(line, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'), ZERO);
        const baseEl = first(line, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity');
        const base = baseEl === undefined ? ONE : dec(baseEl);
        const acs = all(line, 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge');
        const indicator = (a: XmlElement) => ns(first(a, 'ram:ChargeIndicator/udt:Indicator'));
        const allowances = sumOf(acs.filter((a) => indicator(a) === 'false').flatMap((a) => all(a, 'ram:ActualAmount')));
        const charges = sumOf(acs.filter((a) => indicator(a) === 'true').flatMap((a) => all(a, 'ram:ActualAmount')));
        if (net === undefined || quantity === undefined || price === undefined || base === undefined || allowances === undefined || charges === undefined) {
          fire(xpathOf(line));
          continue;
        }
        const divisor = base.isZero() ? ONE : base;
        if (!slack(net, quantity.times(price.div(divisor)).plus(round2(charges)).minus(round2(allowances)))) fire(xpathOf(line));
      }
    },
  ),
  cii('PEPPOL-EN16931-R100', 'Only one invoiced object is allowed pr line', (ctx, fire) => {
    for (const line of everywhere(ctx, 'IncludedSupplyChainTradeLineItem')) if (typedReferences(first(line, 'ram:SpecifiedLineTradeSettlement'), 'ram:AdditionalReferencedDocument', '130') > 1) fire(xpathOf(line));
  }),
  cii('PEPPOL-EN16931-R101', 'Element Document reference can only be used for Invoice line object', (ctx, fire) => {
    for (const line of everywhere(ctx, 'IncludedSupplyChainTradeLineItem')) {
      const refs = all(line, 'ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument');
      if (refs.length > 0 && !refs.some((r) => all(r, 'ram:TypeCode').some((c) => str(c) === '130'))) fire(xpathOf(line));
    }
  }),
  cii('PEPPOL-EN16931-R121', 'Base quantity MUST be a positive number above zero.', (ctx, fire) => {
    for (const price of [...everywhere(ctx, 'NetPriceProductTradePrice'), ...everywhere(ctx, 'GrossPriceProductTradePrice')]) {
      const base = first(price, 'ram:BasisQuantity');
      if (base !== undefined && !(dec(base)?.gt(0) ?? false)) fire(xpathOf(price));
    }
  }),
  cii('PEPPOL-EN16931-R130', 'Unit code of price base quantity MUST be same as invoiced quantity.', (ctx, fire) => {
    for (const price of [...everywhere(ctx, 'NetPriceProductTradePrice'), ...everywhere(ctx, 'GrossPriceProductTradePrice')]) {
      for (const base of all(price, 'ram:BasisQuantity')) {
        const unit = base.attrs.unitCode;
        if (unit === undefined) continue;
        const billed = all(up(base, 3), 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity');
        if (!billed.some((q) => q.attrs.unitCode === unit)) fire(xpathOf(base));
      }
    }
  }),
];

/**
 * The document currency code(s) (`$documentCurrencyCode`, a node sequence compared by value), as a
 * set: the rules compare every tax total with them (a list made that quadratic in a document with
 * many of both).
 */
function documentCurrency(ctx: RuleContext): ReadonlySet<string> {
  return new Set(all(ctx.doc.root, `${SETTLEMENT}/ram:InvoiceCurrencyCode`).map(str));
}

/** count(path[ram:TypeCode = code]) below `from`. */
function typedReferences(from: XmlElement | undefined, path: string, code: string): number {
  return all(from, path).filter((r) => all(r, 'ram:TypeCode').some((c) => str(c) === code)).length;
}

/** R110/R111: a line period bound against the header's, compared as strings (untyped values). */
function ciiLinePeriod(ctx: RuleContext, fire: Fire, bound: 'StartDateTime' | 'EndDateTime', within: (line: string, header: string) => boolean): void {
  for (const transaction of all(ctx.doc.root, TRANSACTION)) {
    const header = all(transaction, `ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod/ram:${bound}`);
    if (header.length === 0) continue;
    const headerValues = header.flatMap((h) => all(h, 'udt:DateTimeString')).map(str);
    for (const el of all(transaction, `ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:${bound}`)) {
      const values = all(el, 'udt:DateTimeString').map(str);
      if (!values.some((v) => headerValues.some((h) => within(v, h)))) fire(xpathOf(el));
    }
  }
}

export const peppolTransactionRules: Rule[] = [...ublRules, ...ciiRules];
