/** Shared predicates reproducing the Schematron idioms on the canonical model. */
import type Decimal from 'decimal.js';
import { fractionDigits, round2 } from '../decimal';
import { isVatScheme, type DecimalTerm, type VatCategory } from '../model/common';
import type { DocumentAllowanceCharge, Invoice, VatBreakdown } from '../model/invoice';

/** `(x) != ''`: present and not empty. */
export function filled(s: string | undefined): boolean {
  return s !== undefined && s !== '';
}

/** normalize-space(). */
export function norm(s: string | undefined): string {
  if (s === undefined) return '';
  // Codes are short printable ASCII without spaces: nothing to normalise, no regex needed.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c >= 127) return s.trim().replace(/\s+/g, ' ');
  }
  return s;
}

/** The first category of a list that belongs to the VAT scheme. */
export function vatCategory(cats: VatCategory[] | undefined): VatCategory | undefined {
  return cats?.find(isVatScheme);
}

/** Whether any of the categories (VAT scheme only when vatOnly) has the code. */
export function hasCode(cats: VatCategory[] | undefined, code: string, vatOnly = true): boolean {
  if (cats === undefined) return false;
  for (let i = 0; i < cats.length; i++) {
    const c = cats[i];
    if (norm(c.code) === code && (!vatOnly || isVatScheme(c))) return true;
  }
  return false;
}

export function value(term: DecimalTerm | undefined): Decimal | undefined {
  return term?.value;
}

/** BR-DEC idiom: at most two characters after the decimal point. */
export function twoDecimalsAtMost(term: DecimalTerm | undefined): boolean {
  return term === undefined || fractionDigits(term.text) <= 2;
}

/** Document level allowances (isCharge false) or charges (isCharge true). */
export function docAllowanceCharges(inv: Invoice, isCharge: boolean): DocumentAllowanceCharge[] {
  return inv.allowanceCharges.filter((a) => a.isCharge === isCharge);
}

/** Breakdowns whose category (VAT scheme only when vatOnly) has the code. */
export function breakdownsWithCode(inv: Invoice, code: string, vatOnly = true): VatBreakdown[] {
  const out: VatBreakdown[] = [];
  for (const t of inv.taxTotals) for (const b of t.breakdowns) if (b.category && norm(b.category.code) === code && (!vatOnly || isVatScheme(b.category))) out.push(b);
  return out;
}

/** Decimal equality where a missing side makes the comparison false, as XPath general comparison does. */
export function eq(a: Decimal | undefined, b: Decimal | undefined): boolean {
  return a !== undefined && b !== undefined && a.eq(b);
}

/**
 * `CategoryCode = 'X'` as the official rules of the syntax compare it: CII on the raw text of every
 * CategoryCode child (a code with blanks around it is no match), UBL normalised.
 */
export function codeIs(c: VatCategory, code: string, cii: boolean): boolean {
  if (!cii) return norm(c.code) === code;
  return c.codeTexts !== undefined ? c.codeTexts.includes(code) : c.code === code;
}

/** The VAT scheme filter: CII `upper-case(ram:TypeCode) = 'VAT'` on the raw text, UBL normalised. */
export function vatScheme(c: VatCategory, cii: boolean): boolean {
  if (!cii) return isVatScheme(c);
  const t = c.taxSchemeText ?? c.taxScheme;
  return t !== undefined && t.toUpperCase() === 'VAT';
}

/**
 * The VAT breakdowns the official rules judge in their generic breakdown context (BR-45 .. BR-48,
 * BR-CO-17, BR-DEC-19, BR-DEC-20). In CII a header ApplicableTradeTax whose CategoryCode is O, L
 * or M of the VAT type matches its category's own context first (the O, L and M contexts are the
 * ApplicableTradeTax element itself, the others its CategoryCode), and a node takes only the first
 * matching context of a pattern: those breakdowns never reach the generic rules. UBL has no such
 * overlap.
 */
export function genericContextBreakdowns(inv: Invoice): VatBreakdown[] {
  const out: VatBreakdown[] = [];
  for (const t of inv.taxTotals)
    for (const b of t.breakdowns) {
      const c = b.category;
      const shadowed = inv.syntax === 'CII' && c !== undefined && (codeIs(c, 'O', true) || codeIs(c, 'L', true) || codeIs(c, 'M', true)) && vatScheme(c, true);
      if (!shadowed) out.push(b);
    }
  return out;
}

/**
 * The last few expectedTax answers (breakdown, the two amounts, the answer), by position in a small
 * ring: BR-CO-17 and BR-S-09 (and the IGIC/IPSI -09) ask for the same breakdowns of one document
 * in turn. Compared by identity, no allocation (a WeakMap entry per breakdown cost more than the
 * arithmetic it saved); what it holds is overwritten by the next documents.
 */
const RING = 8;
const ringBreakdowns: Array<VatBreakdown | undefined> = new Array<VatBreakdown | undefined>(RING).fill(undefined);
const ringTaxables: Array<Decimal | undefined> = new Array<Decimal | undefined>(RING).fill(undefined);
const ringRates: Array<Decimal | undefined> = new Array<Decimal | undefined>(RING).fill(undefined);
const ringExpected: Array<Decimal | undefined> = new Array<Decimal | undefined>(RING).fill(undefined);
let ringNext = 0;

/**
 * `round(abs(taxable) * (rate div 100) * 10 * 10) div 100`, the tax a breakdown's taxable amount and
 * rate call for: BR-CO-17 and BR-S-09 (and the IGIC/IPSI -09) both compute it for the same
 * breakdown, so the second asks the ring above (the same breakdown and the same two values).
 */
export function expectedTax(b: VatBreakdown, taxable: Decimal, rate: Decimal): Decimal {
  for (let k = 0; k < RING; k++) {
    if (ringBreakdowns[k] === b && ringTaxables[k] === taxable && ringRates[k] === rate) return ringExpected[k] as Decimal;
  }
  const expected = round2(taxable.abs().times(rate.div(100)));
  ringBreakdowns[ringNext] = b;
  ringTaxables[ringNext] = taxable;
  ringRates[ringNext] = rate;
  ringExpected[ringNext] = expected;
  ringNext = (ringNext + 1) % RING;
  return expected;
}
