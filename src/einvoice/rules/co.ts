/** EN 16931 conditional / calculation rules BR-CO-*. Arithmetic follows the Schematron: round(x*100) div 100, halves up. */
import type Decimal from 'decimal.js';
import { isAboveZero, ONE, round2, roundsToZero, sum } from '../decimal';
import { isVatScheme } from '../model/common';
import { VAT_ID_PREFIXES } from '../codelists/iso3166';
import { docAllowanceCharges, eq, expectedTax, genericContextBreakdowns } from './helpers';
import { defineRule, type Rule } from './rule';

const F = 'BR-CO';

// BR-CO-09 uses contains() on the space-separated list, so a partial prefix also matches.
const VAT_PREFIX_TEXT = [...VAT_ID_PREFIXES].join(' ');

function amounts(values: Array<Decimal | undefined>): Decimal[] {
  return values.filter((v): v is Decimal => v !== undefined);
}

export const coRules: Rule[] = [
  defineRule(F, 'BR-CO-03', 'fatal', 'Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.', ({ inv }, fire) => {
    if (inv.taxPointDate !== undefined && inv.taxPointDateCode !== undefined) fire(inv.loc);
  }),
  defineRule(F, 'BR-CO-04', 'fatal', 'Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).', ({ inv }, fire) => {
    for (const l of inv.lines) if (!l.vatCategories.some((c) => isVatScheme(c) && c.code !== undefined)) fire(l.loc);
  }),
  defineRule(
    F,
    'BR-CO-09',
    'fatal',
    "The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified. Nevertheless, Greece may use the prefix 'EL'.",
    ({ inv }, fire) => {
      for (const p of [inv.seller, inv.buyer, inv.taxRepresentative, inv.payee]) {
        for (const t of p?.taxRegistrations ?? []) {
          if (t.taxScheme?.trim().toUpperCase() !== 'VAT') continue;
          const prefix = (t.companyId ?? '').slice(0, 2);
          if (!VAT_PREFIX_TEXT.includes(prefix)) fire(t.loc);
        }
      }
    },
  ),
  defineRule(F, 'BR-CO-10', 'fatal', 'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).', ({ inv }, fire) => {
    const t = inv.totals;
    if (!t) return;
    const expected = round2(sum(amounts(inv.lines.map((l) => l.netAmount?.value))));
    if (!eq(t.lineNetTotal?.value, expected)) fire(t.lineNetTotal?.loc ?? t.loc);
  }),
  defineRule(F, 'BR-CO-11', 'fatal', 'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).', ({ inv }, fire) => {
    const t = inv.totals;
    if (!t) return;
    const list = docAllowanceCharges(inv, false);
    const ok = eq(t.allowanceTotal?.value, round2(sum(amounts(list.map((a) => a.amount?.value))))) || (!t.allowanceTotal && list.length === 0);
    if (!ok) fire(t.allowanceTotal?.loc ?? t.loc);
  }),
  defineRule(F, 'BR-CO-12', 'fatal', 'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).', ({ inv }, fire) => {
    const t = inv.totals;
    if (!t) return;
    const list = docAllowanceCharges(inv, true);
    const ok = eq(t.chargeTotal?.value, round2(sum(amounts(list.map((a) => a.amount?.value))))) || (!t.chargeTotal && list.length === 0);
    if (!ok) fire(t.chargeTotal?.loc ?? t.loc);
  }),
  defineRule(
    F,
    'BR-CO-13',
    'fatal',
    'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).',
    ({ inv }, fire) => {
      const t = inv.totals;
      if (!t) return;
      const L = t.lineNetTotal?.value;
      const C = t.chargeTotal?.value;
      const A = t.allowanceTotal?.value;
      const T = t.taxExclusive?.value;
      let ok: boolean;
      if (L === undefined) ok = false;
      else if (t.chargeTotal && t.allowanceTotal) ok = C !== undefined && A !== undefined && eq(T, round2(L.plus(C).minus(A)));
      else if (t.allowanceTotal) ok = A !== undefined && eq(T, round2(L.minus(A)));
      else if (t.chargeTotal) ok = C !== undefined && eq(T, round2(L.plus(C)));
      else ok = eq(T, L);
      if (!ok) fire(t.taxExclusive?.loc ?? t.loc);
    },
  ),
  defineRule(F, 'BR-CO-14', 'fatal', 'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).', ({ inv }, fire) => {
    for (const t of inv.taxTotals) {
      if (t.breakdowns.length === 0 || !t.taxAmount) continue;
      const expected = round2(sum(amounts(t.breakdowns.map((b) => b.taxAmount?.value))));
      if (!eq(t.taxAmount.value, expected)) fire(t.taxAmount.loc);
    }
  }),
  defineRule(
    F,
    'BR-CO-15',
    'fatal',
    'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
    ({ inv }, fire) => {
      // `every $Currency in DocumentCurrencyCode satisfies count(TaxAmount[@currencyID = $Currency]) = 1 and …`:
      // exactly one VAT total in the invoice currency, whatever the currency code is (an invalid code
      // selects no VAT total and fails). CII adds `or GrandTotal = TaxBasisTotal`, so there a document
      // without a VAT total in its currency passes when nothing is to be added; UBL has no such branch.
      // Canonical JSON (no syntax) gets the CII reading: a missing VAT total adds nothing.
      const currency = inv.currencyCode;
      if (currency === undefined) return;
      const inDocCurrency = inv.taxTotals.filter((t) => t.taxAmount?.currency === currency);
      const incl = inv.totals?.taxInclusive?.value;
      const excl = inv.totals?.taxExclusive?.value;
      const vat = inDocCurrency.length === 1 ? inDocCurrency[0].taxAmount?.value : undefined;
      const ok = (excl !== undefined && vat !== undefined && eq(incl, round2(excl.plus(vat)))) || (inv.syntax !== 'UBL' && eq(incl, excl));
      if (!ok) fire(inv.totals?.taxInclusive?.loc ?? inv.totals?.loc ?? inv.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-16',
    'fatal',
    'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).',
    ({ inv }, fire) => {
      const t = inv.totals;
      if (!t) return;
      // xs:decimal(x) used as a condition is false when absent or zero.
      const prepaid = t.prepaid?.value;
      const rounding = t.rounding?.value;
      const P = prepaid !== undefined && !prepaid.isZero();
      const R = rounding !== undefined && !rounding.isZero();
      const payable = t.payable?.value;
      const incl = t.taxInclusive?.value;
      let ok = false;
      if (payable !== undefined && incl !== undefined) {
        const due = P && prepaid !== undefined ? round2(incl.minus(prepaid)) : incl;
        const paid = R && rounding !== undefined ? round2(payable.minus(rounding)) : payable;
        ok = paid.eq(due);
      }
      if (!ok) fire(t.payable?.loc ?? t.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-17',
    'fatal',
    'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.',
    ({ inv }, fire) => {
      for (const b of genericContextBreakdowns(inv)) {
          const rate = b.category && isVatScheme(b.category) ? b.category.rate?.value : undefined;
          const tax = b.taxAmount?.value;
          const taxable = b.taxableAmount?.value;
          let ok = false;
          if (tax !== undefined) {
            if (rate === undefined) ok = roundsToZero(tax);
            else if (roundsToZero(rate)) ok = roundsToZero(tax);
            else if (taxable !== undefined) {
              // The official rule tolerates a difference below 1 in UBL and up to 1 in CII (absolute values).
              const expected = expectedTax(b, taxable, rate);
              const lo = tax.abs().minus(ONE);
              const hi = tax.abs().plus(ONE);
              ok = inv.syntax === 'CII' ? lo.lte(expected) && hi.gte(expected) : lo.lt(expected) && hi.gt(expected);
            }
          }
          if (!ok) fire(b.loc);
        }
    },
  ),
  defineRule(F, 'BR-CO-18', 'fatal', 'An Invoice shall at least have one VAT breakdown group (BG-23).', ({ inv }, fire) => {
    if (!inv.taxTotals.some((t) => t.breakdowns.length > 0)) fire(inv.loc);
  }),
  defineRule(
    F,
    'BR-CO-19',
    'fatal',
    'If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or the Invoicing period end date (BT-74) shall be filled, or both.',
    ({ inv }, fire) => {
      // A period carrying only the VAT point date code (BT-8) is accepted.
      for (const p of inv.invoicingPeriods) if (p.startDate === undefined && p.endDate === undefined && inv.taxPointDateCode === undefined) fire(p.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-20',
    'fatal',
    'If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or the Invoice line period end date (BT-135) shall be filled, or both.',
    ({ inv }, fire) => {
      for (const l of inv.lines) for (const p of l.periods) if (p.startDate === undefined && p.endDate === undefined) fire(p.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-21',
    'fatal',
    'Each Document level allowance (BG-20) shall contain a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98), or both.',
    ({ inv }, fire) => {
      for (const a of docAllowanceCharges(inv, false)) if (a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-22',
    'fatal',
    'Each Document level charge (BG-21) shall contain a Document level charge reason (BT-104) or a Document level charge reason code (BT-105), or both.',
    ({ inv }, fire) => {
      for (const a of docAllowanceCharges(inv, true)) if (a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-23',
    'fatal',
    'Each Invoice line allowance (BG-27) shall contain an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140), or both.',
    ({ inv }, fire) => {
      for (const l of inv.lines) for (const a of l.allowanceCharges) if (a.isCharge === false && a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-24',
    'fatal',
    'Each Invoice line charge (BG-28) shall contain an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145), or both.',
    ({ inv }, fire) => {
      for (const l of inv.lines) for (const a of l.allowanceCharges) if (a.isCharge === true && a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-25',
    'fatal',
    'In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) shall be present.',
    ({ inv }, fire) => {
      // Removed for UBL credit notes (BIS 3.0.4 hotfix); kept for invoices. The canonical JSON
      // follows UBL (a credit note's amount due is owed to the buyer); CII keeps the rule.
      if (inv.syntax !== 'CII' && inv.documentType === 'CreditNote') return;
      const payable = inv.totals?.payable;
      if (payable?.value === undefined || !isAboveZero(payable.value)) return;
      if (inv.dueDate === undefined && inv.paymentTerms.length === 0) fire(payable.loc);
    },
  ),
  defineRule(
    F,
    'BR-CO-26',
    'fatal',
    'In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.',
    ({ inv }, fire) => {
      const wrapper = inv.syntax === 'UBL' ? inv.sellerWrapperLoc : inv.seller?.loc;
      if (wrapper === undefined) return;
      const s = inv.seller;
      const ok =
        s !== undefined &&
        (s.taxRegistrations.some((t) => t.companyId !== undefined && t.taxScheme?.trim().toUpperCase() === 'VAT') ||
          s.identifiers.length > 0 ||
          s.legalRegistrations.length > 0);
      if (!ok) fire(wrapper);
    },
  ),
];
