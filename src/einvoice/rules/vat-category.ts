/**
 * VAT category rule families (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O,
 * BR-AF for IGIC, BR-AG for IPSI). Each family has the same ten slots with
 * category-specific conditions, so one factory builds them from a spec.
 */
import type Decimal from 'decimal.js';
import { isAboveZero, isZeroOrAbove, ONE, ZERO, round2 } from '../decimal';
import { isVatScheme, type VatCategory } from '../model/common';
import type { Invoice, VatBreakdown } from '../model/invoice';
import { hasAnyTaxRegistration, vatIdentifiers } from '../model/party';
import { ciiAtLeastOneBreakdown, ciiBrB01, ciiBrB02, ciiBrO01, ciiBrS08, ciiExactlyOneBreakdown, ciiNoOtherThanO } from './cii-vat';
import { breakdownsWithCode, codeIs, docAllowanceCharges, expectedTax, hasCode, norm, vatScheme } from './helpers';
import { defineRule, type Rule } from './rule';

type IdRequirement = 'seller' | 'sellerVat' | 'reverseCharge' | 'intraCommunity' | 'none';

interface CategorySpec {
  family: string;
  code: string;
  label: string;
  /** -01: at least one breakdown, or exactly one. */
  breakdownCount: 'atLeastOne' | 'exactlyOne';
  ids: IdRequirement;
  rate: 'positive' | 'zero' | 'absent' | 'nonNegative';
  /** -08: per rate within ±1, or exact over the whole category. */
  taxable: 'perRate' | 'exact';
  /** -09: taxable x rate within ±1, or zero. */
  tax: 'calculated' | 'calculatedIgic' | 'zero';
  exemption: 'forbidden' | 'required';
}

const SPECS: CategorySpec[] = [
  { family: 'BR-S', code: 'S', label: 'Standard rated', breakdownCount: 'atLeastOne', ids: 'seller', rate: 'positive', taxable: 'perRate', tax: 'calculated', exemption: 'forbidden' },
  { family: 'BR-Z', code: 'Z', label: 'Zero rated', breakdownCount: 'exactlyOne', ids: 'seller', rate: 'zero', taxable: 'exact', tax: 'zero', exemption: 'forbidden' },
  { family: 'BR-E', code: 'E', label: 'Exempt from VAT', breakdownCount: 'exactlyOne', ids: 'seller', rate: 'zero', taxable: 'exact', tax: 'zero', exemption: 'required' },
  { family: 'BR-AE', code: 'AE', label: 'Reverse charge', breakdownCount: 'exactlyOne', ids: 'reverseCharge', rate: 'zero', taxable: 'exact', tax: 'zero', exemption: 'required' },
  { family: 'BR-IC', code: 'K', label: 'Intra-community supply', breakdownCount: 'exactlyOne', ids: 'intraCommunity', rate: 'zero', taxable: 'exact', tax: 'zero', exemption: 'required' },
  { family: 'BR-G', code: 'G', label: 'Export outside the EU', breakdownCount: 'exactlyOne', ids: 'sellerVat', rate: 'zero', taxable: 'exact', tax: 'zero', exemption: 'required' },
  { family: 'BR-O', code: 'O', label: 'Not subject to VAT', breakdownCount: 'exactlyOne', ids: 'none', rate: 'absent', taxable: 'exact', tax: 'zero', exemption: 'required' },
  { family: 'BR-AF', code: 'L', label: 'IGIC', breakdownCount: 'atLeastOne', ids: 'seller', rate: 'nonNegative', taxable: 'perRate', tax: 'calculatedIgic', exemption: 'forbidden' },
  { family: 'BR-AG', code: 'M', label: 'IPSI', breakdownCount: 'atLeastOne', ids: 'seller', rate: 'nonNegative', taxable: 'perRate', tax: 'calculatedIgic', exemption: 'forbidden' },
];

const ID_TEXT: Record<IdRequirement, string> = {
  seller: 'shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63)',
  sellerVat: 'shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63)',
  reverseCharge:
    'shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) and/or the Buyer legal registration identifier (BT-47)',
  intraCommunity: 'shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48)',
  none: 'shall not contain the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or the Buyer VAT identifier (BT-48)',
};

const RATE_TEXT = { positive: 'shall be greater than zero', zero: 'shall be 0 (zero)', nonNegative: 'shall be 0 (zero) or greater than zero', absent: 'shall not be present' };

/**
 * The VAT breakdowns a category's breakdown rules (-08 .. -10, BR-IC-11/12) judge. CII selects
 * header taxes by the raw code, and for S and Z by the code alone (`ram:CategoryCode[. = 'Z']`,
 * any tax scheme).
 */
function categoryBreakdowns(inv: Invoice, code: string): VatBreakdown[] {
  if (inv.syntax !== 'CII') return breakdownsWithCode(inv, code);
  const anyScheme = code === 'S' || code === 'Z';
  const out: VatBreakdown[] = [];
  for (const t of inv.taxTotals) for (const b of t.breakdowns) if (b.category && codeIs(b.category, code, true) && (anyScheme || vatScheme(b.category, true))) out.push(b);
  return out;
}

/** Whether the parties carry the identifiers the category requires. */
function idsSatisfied(inv: Invoice, req: IdRequirement): boolean {
  // CII: `ram:ID[@schemeID = ('VA', 'FC')]`, the raw attribute; UBL: any registration.
  const sellerAny =
    inv.syntax === 'CII' ? (inv.seller?.taxRegistrations ?? []).some((t) => t.companyId !== undefined && (t.taxScheme === 'VAT' || t.taxScheme === 'FC')) : hasAnyTaxRegistration(inv.seller);
  const sellerVat = vatIdentifiers(inv.seller).length > 0;
  const repVat = vatIdentifiers(inv.taxRepresentative).length > 0;
  const buyerVat = vatIdentifiers(inv.buyer).length > 0;
  switch (req) {
    case 'seller':
      return sellerAny || repVat;
    case 'sellerVat':
      return sellerVat || repVat;
    case 'reverseCharge':
      return (sellerAny || repVat) && (buyerVat || (inv.buyer?.legalRegistrations.length ?? 0) > 0);
    case 'intraCommunity':
      return (sellerVat || repVat) && buyerVat;
    case 'none':
      return !sellerVat && !repVat && !buyerVat;
  }
}

/** The rate rule of the syntax: CII IGIC (BR-AF-05 .. 07) wants a rate above zero, UBL zero or more. */
function rateRule(s: CategorySpec, inv: Invoice): CategorySpec['rate'] {
  return s.code === 'L' && inv.syntax === 'CII' ? 'positive' : s.rate;
}

function rateOk(cat: VatCategory, rule: CategorySpec['rate']): boolean {
  const r = cat.rate?.value;
  switch (rule) {
    case 'positive':
      return r !== undefined && isAboveZero(r);
    case 'zero':
      return r !== undefined && r.isZero();
    case 'nonNegative':
      return r !== undefined && isZeroOrAbove(r);
    case 'absent':
      return cat.rate === undefined;
  }
}

/** Categories of the given code (VAT scheme) on document level allowances (false) or charges (true). */
function acCategories(inv: Invoice, isCharge: boolean, code: string): VatCategory[] {
  const out: VatCategory[] = [];
  const cii = inv.syntax === 'CII';
  for (const a of docAllowanceCharges(inv, isCharge)) for (const c of a.vatCategories) if (vatScheme(c, cii) && codeIs(c, code, cii)) out.push(c);
  return out;
}

function lineCategories(inv: Invoice, code: string): VatCategory[] {
  const out: VatCategory[] = [];
  const cii = inv.syntax === 'CII';
  for (const l of inv.lines) for (const c of l.vatCategories) if (vatScheme(c, cii) && codeIs(c, code, cii)) out.push(c);
  return out;
}

/**
 * The rate of a category as the rule compares it (`xs:decimal(cbc:Percent) = $rate`: exact, no
 * rounding), computed once per category and check.
 */
type RateOf = (c: VatCategory) => Decimal | undefined;

function exactRates(): RateOf {
  return (c) => c.rate?.value;
}

/** Net amount of lines and document charges minus allowances of a category, optionally only at a rate. */
function categoryBase(inv: Invoice, code: string, rate: Decimal | undefined, rateOf: RateOf, roundParts = false): Decimal {
  const cii = inv.syntax === 'CII';
  const matches = (cats: VatCategory[]): boolean =>
    cats.some((c) => {
      if (!codeIs(c, code, cii)) return false;
      if (rate === undefined) return true;
      const r = rateOf(c);
      return r !== undefined && r.eq(rate);
    });
  // Three sums in the order sum(lines) + sum(charges) - sum(allowances) adds them, without lists.
  let lines = ZERO;
  for (const l of inv.lines) if (matches(l.vatCategories)) lines = lines.plus(l.netAmount?.value ?? ZERO);
  let charges = ZERO;
  let allowances = ZERO;
  for (const a of inv.allowanceCharges) {
    if (a.isCharge === true) {
      if (matches(a.vatCategories)) charges = charges.plus(a.amount?.value ?? ZERO);
    } else if (a.isCharge === false && matches(a.vatCategories)) allowances = allowances.plus(a.amount?.value ?? ZERO);
  }
  // The CII rules round each sum to two decimals (`round(sum(..) * 10 * 10) div 100`).
  if (roundParts) return round2(lines).plus(round2(charges)).minus(round2(allowances));
  return lines.plus(charges).minus(allowances);
}

/** The lines, charges and allowances of one category at one rate (see ratedBases). */
interface RatedBase {
  rate: Decimal;
  lines: Decimal;
  charges: Decimal;
  allowances: Decimal;
  /** Whether a line or an allowance or charge (whatever its indicator) has a category of the code at this rate. */
  used: boolean;
  /** The last line, allowance or charge added (each adds once per rate, however many of its categories match). */
  last: object | undefined;
}

/**
 * categoryBase of a category for every rate its lines, charges and allowances use, in one pass
 * instead of one per VAT breakdown: each sum adds the same amounts in the same order as
 * categoryBase(inv, code, rate, rateOf) does for that rate (an item counts once per rate, as its
 * `some` does). Rates compare as decimals (25 and 25.00 are one rate).
 */
function ratedBases(inv: Invoice, code: string, rateOf: RateOf): RatedBase[] {
  const cii = inv.syntax === 'CII';
  const bases: RatedBase[] = [];
  const add = (item: object, cats: VatCategory[], amount: Decimal | undefined, part: 'lines' | 'charges' | 'allowances' | undefined): void => {
    for (const c of cats) {
      if (!codeIs(c, code, cii)) continue;
      const r = rateOf(c);
      if (r === undefined) continue;
      let base = bases.find((b) => b.rate === r || b.rate.eq(r)); // one text is one Decimal (parseDecimal)
      if (base === undefined) {
        base = { rate: r, lines: ZERO, charges: ZERO, allowances: ZERO, used: false, last: undefined };
        bases.push(base);
      }
      base.used = true;
      if (base.last === item) continue;
      base.last = item;
      if (part !== undefined) base[part] = base[part].plus(amount ?? ZERO);
    }
  };
  for (const l of inv.lines) add(l, l.vatCategories, l.netAmount?.value, 'lines');
  for (const a of inv.allowanceCharges) add(a, a.vatCategories, a.amount?.value, a.isCharge === true ? 'charges' : a.isCharge === false ? 'allowances' : undefined);
  return bases;
}

function within1(a: Decimal, b: Decimal): boolean {
  return a.minus(ONE).lt(b) && a.plus(ONE).gt(b);
}

function familyRules(s: CategorySpec): Rule[] {
  const id = (n: string): string => `${s.family}-${n}`;
  const q = `"${s.label}"`;
  const rules: Rule[] = [
    defineRule(
      s.family,
      id('01'),
      'fatal',
      `An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is ${q} shall contain in the VAT breakdown (BG-23) ${s.breakdownCount === 'exactlyOne' ? 'exactly one' : 'at least one'} VAT category code (BT-118) equal with ${q}.`,
      (ctx, fire) => {
        const { inv } = ctx;
        if (inv.syntax === 'CII') {
          if (s.code === 'O') return ciiBrO01(ctx.doc.root, fire);
          if (s.breakdownCount === 'atLeastOne') return ciiAtLeastOneBreakdown(ctx.doc.root, s.code, fire);
          return ciiExactlyOneBreakdown(ctx.doc.root, s.code, fire);
        }
        // BR-S-01 counts categories regardless of tax scheme, the others only VAT ones.
        const vatOnly = s.code !== 'S';
        const used =
          inv.lines.some((l) => hasCode(l.vatCategories, s.code, vatOnly)) || inv.allowanceCharges.some((a) => hasCode(a.vatCategories, s.code, vatOnly));
        const n = breakdownsWithCode(inv, s.code, vatOnly).length;
        const ok = s.breakdownCount === 'atLeastOne' ? (used ? n > 0 : n === 0) : used || n > 0 ? n === 1 : true;
        if (!ok) fire(inv.loc);
      },
    ),
    defineRule(s.family, id('02'), 'fatal', `An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is ${q} ${ID_TEXT[s.ids]}.`, ({ inv }, fire) => {
      if (lineCategories(inv, s.code).length > 0 && !idsSatisfied(inv, s.ids)) fire(inv.seller?.loc ?? inv.loc);
    }),
    defineRule(
      s.family,
      id('03'),
      'fatal',
      `An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is ${q} ${ID_TEXT[s.ids]}.`,
      ({ inv }, fire) => {
        if (acCategories(inv, false, s.code).length > 0 && !idsSatisfied(inv, s.ids)) fire(inv.seller?.loc ?? inv.loc);
      },
    ),
    defineRule(
      s.family,
      id('04'),
      'fatal',
      `An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is ${q} ${ID_TEXT[s.ids]}.`,
      ({ inv }, fire) => {
        if (acCategories(inv, true, s.code).length > 0 && !idsSatisfied(inv, s.ids)) fire(inv.seller?.loc ?? inv.loc);
      },
    ),
    defineRule(s.family, id('05'), 'fatal', `In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is ${q} the Invoiced item VAT rate (BT-152) ${RATE_TEXT[s.rate]}.`, ({ inv }, fire) => {
      for (const c of lineCategories(inv, s.code)) if (!rateOk(c, rateRule(s, inv))) fire(c.loc);
    }),
    defineRule(
      s.family,
      id('06'),
      'fatal',
      `In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is ${q} the Document level allowance VAT rate (BT-96) ${RATE_TEXT[s.rate]}.`,
      ({ inv }, fire) => {
        for (const c of acCategories(inv, false, s.code)) if (!rateOk(c, rateRule(s, inv))) fire(c.loc);
      },
    ),
    defineRule(
      s.family,
      id('07'),
      'fatal',
      `In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is ${q} the Document level charge VAT rate (BT-103) ${RATE_TEXT[s.rate]}.`,
      ({ inv }, fire) => {
        for (const c of acCategories(inv, true, s.code)) if (!rateOk(c, rateRule(s, inv))) fire(c.loc);
      },
    ),
    defineRule(
      s.family,
      id('08'),
      'fatal',
      s.taxable === 'perRate'
        ? `For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is ${q}, the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is ${q} and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).`
        : `In a VAT breakdown (BG-23) where the VAT category code (BT-118) is ${q} the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are ${q}.`,
      (ctx, fire) => {
        const { inv } = ctx;
        if (s.code === 'S' && inv.syntax === 'CII') return ciiBrS08(ctx.doc.root, fire);
        // CII BR-AF-08 / BR-AG-08 take their rates from `../ram:RateApplicablePercent` of the header
        // tax itself (the settlement's, which has none): `every $rate in ()` always holds.
        if (s.tax === 'calculatedIgic' && inv.syntax === 'CII') return;
        const rateOf = exactRates();
        const cii = inv.syntax === 'CII';
        const breakdowns = categoryBreakdowns(inv, s.code);
        // Per rate: the sums of every rate in one pass (UBL; CII never judges per rate here, see above).
        const bases = s.taxable === 'perRate' && !cii && breakdowns.length > 0 ? ratedBases(inv, s.code, rateOf) : undefined;
        for (const b of breakdowns) {
          const taxable = b.taxableAmount?.value;
          let ok: boolean;
          if (bases !== undefined) {
            const pct = b.category?.rate?.value;
            if (pct === undefined) continue; // `every $rate in ()` holds
            const base = bases.find((r) => r.rate === pct || r.rate.eq(pct));
            ok = taxable !== undefined && within1(taxable, base === undefined ? ZERO : base.lines.plus(base.charges).minus(base.allowances));
            // BR-S-08 also needs a line or allowance/charge at that rate (norm(code) = 'S': codeIs in UBL).
            if (ok && s.code === 'S') ok = base !== undefined && base.used;
          } else if (s.taxable === 'perRate') {
            const pct = b.category?.rate?.value;
            if (pct === undefined) continue; // `every $rate in ()` holds
            const rate = pct;
            ok = taxable !== undefined && within1(taxable, categoryBase(inv, s.code, rate, rateOf));
            if (ok && s.code === 'S') {
              // BR-S-08 also needs a line or allowance/charge at that rate.
              const at = (cats: VatCategory[]): boolean =>
                cats.some((c) => {
                  if (norm(c.code) !== 'S') return false;
                  const r = rateOf(c);
                  return r !== undefined && r.eq(rate);
                });
              ok = inv.lines.some((l) => at(l.vatCategories)) || inv.allowanceCharges.some((a) => at(a.vatCategories));
            }
          } else if (cii) {
            // CII: each sum rounded; within ±1 (BR-O-08 exactly); no line needed.
            const base = categoryBase(inv, s.code, undefined, rateOf, true);
            ok = taxable !== undefined && (s.code === 'O' ? taxable.eq(base) : within1(taxable, base));
          } else {
            ok = inv.lines.length > 0 && taxable !== undefined && taxable.eq(categoryBase(inv, s.code, undefined, rateOf));
          }
          if (!ok) fire(b.category?.loc ?? b.loc);
        }
      },
    ),
    defineRule(
      s.family,
      id('09'),
      'fatal',
      s.tax === 'zero'
        ? `The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) is ${q} shall be 0 (zero).`
        : `The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where VAT category code (BT-118) is ${q} shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).`,
      ({ inv }, fire) => {
        // CII BR-AF-09 / BR-AG-09 are `true()`.
        if (s.tax === 'calculatedIgic' && inv.syntax === 'CII') return;
        for (const b of categoryBreakdowns(inv, s.code)) {
          const tax = b.taxAmount?.value;
          let ok = false;
          if (s.tax === 'zero') ok = tax !== undefined && tax.isZero();
          else {
            const taxable = b.taxableAmount?.value;
            const pct = b.category?.rate?.value;
            if (tax !== undefined && taxable !== undefined && pct !== undefined) {
              const expected = expectedTax(b, taxable, pct);
              // BR-S-09 compares abs(tax) ± 1; the IGIC/IPSI rules compare abs(tax ± 1).
              ok = s.tax === 'calculated' ? within1(tax.abs(), expected) : tax.minus(ONE).abs().lt(expected) && tax.plus(ONE).abs().gt(expected);
            }
          }
          if (!ok) fire(b.category?.loc ?? b.loc);
        }
      },
    ),
    defineRule(
      s.family,
      id('10'),
      'fatal',
      s.exemption === 'forbidden'
        ? `A VAT breakdown (BG-23) with VAT Category code (BT-118) ${q} shall not have a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).`
        : `A VAT breakdown (BG-23) with VAT Category code (BT-118) ${q} shall have a VAT exemption reason code (BT-121) or a VAT exemption reason text (BT-120).`,
      ({ inv }, fire) => {
        for (const b of categoryBreakdowns(inv, s.code)) {
          const c = b.category as VatCategory;
          const has = c.exemptionReason !== undefined || c.exemptionReasonCode !== undefined;
          if (has !== (s.exemption === 'required')) fire(c.loc);
        }
      },
    ),
  ];
  return rules;
}

/** Rules only some categories have: BR-IC-11/12 (delivery data) and BR-O-11..14 (no mixing). */
const extraRules: Rule[] = [
  defineRule(
    'BR-IC',
    'BR-IC-11',
    'fatal',
    'In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is "Intra-community supply" the Actual delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank.',
    ({ inv }, fire) => {
      if (categoryBreakdowns(inv, 'K').length === 0) return;
      const delivered = (inv.deliveries[0]?.actualDeliveryDate ?? '').length > 1;
      const period = inv.invoicingPeriods.some((p) => p.startDate !== undefined || p.endDate !== undefined);
      if (!delivered && !period) fire(inv.loc);
    },
  ),
  defineRule(
    'BR-IC',
    'BR-IC-12',
    'fatal',
    'In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is "Intra-community supply" the Deliver to country code (BT-80) shall not be blank.',
    ({ inv }, fire) => {
      if (categoryBreakdowns(inv, 'K').length === 0) return;
      if ((inv.deliveries[0]?.address?.countryCode ?? '').length <= 1) fire(inv.deliveries[0]?.loc ?? inv.loc);
    },
  ),
  defineRule(
    'BR-O',
    'BR-O-11',
    'fatal',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) "Not subject to VAT" shall not contain other VAT breakdown groups (BG-23).',
    (ctx, fire) => {
      const { inv } = ctx;
      if (inv.syntax === 'CII') return ciiNoOtherThanO(ctx.doc.root, 'anyTradeTax', fire);
      if (breakdownsWithCode(inv, 'O').length === 0) return;
      for (const t of inv.taxTotals) for (const b of t.breakdowns) if (b.category && isVatScheme(b.category) && norm(b.category.code) !== 'O') fire(b.loc);
    },
  ),
  defineRule(
    'BR-O',
    'BR-O-12',
    'fatal',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) "Not subject to VAT" shall not contain an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is not "Not subject to VAT".',
    (ctx, fire) => {
      const { inv } = ctx;
      if (inv.syntax === 'CII') return ciiNoOtherThanO(ctx.doc.root, 'anyTradeTax', fire);
      if (breakdownsWithCode(inv, 'O').length === 0) return;
      for (const l of inv.lines) for (const c of l.vatCategories) if (isVatScheme(c) && norm(c.code) !== 'O') fire(c.loc);
    },
  ),
  defineRule(
    'BR-O',
    'BR-O-13',
    'fatal',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) "Not subject to VAT" shall not contain Document level allowances (BG-20) where Document level allowance VAT category code (BT-95) is not "Not subject to VAT".',
    (ctx, fire) => {
      const { inv } = ctx;
      if (inv.syntax === 'CII') return ciiNoOtherThanO(ctx.doc.root, 'allowanceChargeTax', fire);
      if (breakdownsWithCode(inv, 'O').length === 0) return;
      for (const a of docAllowanceCharges(inv, false)) for (const c of a.vatCategories) if (isVatScheme(c) && norm(c.code) !== 'O') fire(c.loc);
    },
  ),
  defineRule(
    'BR-O',
    'BR-O-14',
    'fatal',
    'An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) "Not subject to VAT" shall not contain Document level charges (BG-21) where Document level charge VAT category code (BT-102) is not "Not subject to VAT".',
    (ctx, fire) => {
      const { inv } = ctx;
      if (inv.syntax === 'CII') return ciiNoOtherThanO(ctx.doc.root, 'allowanceChargeTax', fire);
      if (breakdownsWithCode(inv, 'O').length === 0) return;
      for (const a of docAllowanceCharges(inv, true)) for (const c of a.vatCategories) if (isVatScheme(c) && norm(c.code) !== 'O') fire(c.loc);
    },
  ),
];

/** Split payment (category B, Italy). */
function usesCode(inv: Invoice, code: string): boolean {
  return (
    inv.lines.some((l) => hasCode(l.vatCategories, code, false)) ||
    inv.allowanceCharges.some((a) => hasCode(a.vatCategories, code, false)) ||
    breakdownsWithCode(inv, code, false).length > 0
  );
}

const splitPaymentRules: Rule[] = [
  defineRule('BR-B', 'BR-B-01', 'fatal', 'An Invoice where the VAT category code (BT-151, BT-95 or BT-102) is "Split payment" shall be a domestic Italian invoice.', (ctx, fire) => {
    const { inv } = ctx;
    if (inv.syntax === 'CII') return ciiBrB01(ctx.doc.root, fire);
    if (!usesCode(inv, 'B')) return;
    const countries = [inv.seller, inv.buyer, inv.payee, inv.taxRepresentative].map((p) => p?.address?.countryCode).concat(inv.deliveries.map((d) => d.address?.countryCode));
    if (countries.some((c) => c !== undefined && c !== 'IT')) fire(inv.loc);
  }),
  defineRule(
    'BR-B',
    'BR-B-02',
    'fatal',
    'An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is "Split payment" shall not contain an invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is "Standard rated".',
    (ctx, fire) => {
      const { inv } = ctx;
      if (inv.syntax === 'CII') return ciiBrB02(ctx.doc.root, fire);
      if (usesCode(inv, 'B') && usesCode(inv, 'S')) fire(inv.loc);
    },
  ),
];

export const vatCategoryRules: Rule[] = [...SPECS.flatMap(familyRules), ...extraRules, ...splitPaymentRules];
