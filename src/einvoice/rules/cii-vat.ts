/**
 * CII forms of VAT category rules whose official CII Schematron selects nodes differently from the
 * UBL one (and from the business terms): `ram:CategoryCode = 'S'` compares the raw text (no
 * normalize-space), `//ram:ApplicableTradeTax` reaches line and header taxes alike, and the -01
 * rules count line, header and allowance categories in their own way. Evaluated on the tree, so a code
 * outside UNCL 5305 (or with blanks around it) selects what the official rules select.
 */
import type Decimal from 'decimal.js';
import { parseDecimal, round2, sum } from '../decimal';
import { NS } from '../parse/namespaces';
import { childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import type { Fire } from './rule';
import { select } from './tree-query';

const { ram, udt } = NS;

const LINE_TAXES = '//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax';
const HEADER_TAXES = '//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax';
const ALLOWANCE_TAXES = '//ram:CategoryTradeTax';

/** `ram:CategoryCode = 'X'`: some CategoryCode child whose text is exactly X. */
function hasCode(el: XmlElement, code: string): boolean {
  return childrenNamed(el, ram, 'CategoryCode').some((c) => c.text === code);
}

/** `xs:decimal(x) = $rate` over the children named: some child equal (an unreadable value is no match). */
function hasRate(el: XmlElement, rate: Decimal): boolean {
  return childrenNamed(el, ram, 'RateApplicablePercent').some((r) => parseDecimal(r.text)?.eq(rate) === true);
}

function countWithCode(root: XmlElement, path: string, code: string): number {
  let n = 0;
  for (const el of select(root, path)) if (hasCode(el, code)) n++;
  return n;
}

/**
 * BR-S-01, BR-AF-01, BR-AG-01 in CII: (lines with the code + header taxes with it >= 2, or no line
 * with it) and (allowances/charges with it + header taxes with it >= 2, or none with it). Any tax
 * scheme.
 */
export function ciiAtLeastOneBreakdown(root: XmlElement, code: string, fire: Fire): void {
  const lines = countWithCode(root, LINE_TAXES, code);
  const header = countWithCode(root, HEADER_TAXES, code);
  const acs = countWithCode(root, ALLOWANCE_TAXES, code);
  const ok = (lines + header >= 2 || lines === 0) && (acs + header >= 2 || acs === 0);
  if (!ok) fire(xpathOf(root));
}

/**
 * BR-Z-01, BR-E-01, BR-AE-01, BR-IC-01, BR-G-01 in CII: no header, line or allowance/charge tax
 * with the code, or exactly one header tax with it and some line or allowance/charge tax with it
 * (a lone header tax fails). Any tax scheme.
 */
export function ciiExactlyOneBreakdown(root: XmlElement, code: string, fire: Fire): void {
  const header = countWithCode(root, HEADER_TAXES, code);
  const lines = countWithCode(root, LINE_TAXES, code);
  const acs = countWithCode(root, ALLOWANCE_TAXES, code);
  const ok = (header === 0 && lines === 0 && acs === 0) || (header === 1 && (lines > 0 || acs > 0));
  if (!ok) fire(xpathOf(root));
}

function indicator(ac: XmlElement): boolean | undefined {
  const t = childrenNamed(childrenNamed(ac, ram, 'ChargeIndicator')[0], udt, 'Indicator')[0]?.text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/** round(sum(document allowances or charges with S at the rate)/ActualAmount[1] * 100) div 100. */
function acSum(root: XmlElement, isCharge: boolean, rate: Decimal): Decimal {
  const amounts: Decimal[] = [];
  for (const ac of select(root, 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge')) {
    if (indicator(ac) !== isCharge) continue;
    const taxes = childrenNamed(ac, ram, 'CategoryTradeTax');
    if (!taxes.some((t) => hasCode(t, 'S')) || !taxes.some((t) => hasRate(t, rate))) continue;
    const amount = parseDecimal(childrenNamed(ac, ram, 'ActualAmount')[0]?.text);
    if (amount !== undefined) amounts.push(amount);
  }
  return round2(sum(amounts));
}

/**
 * BR-S-08 in CII, per header tax whose CategoryCode is exactly 'S' (any tax scheme): for each of
 * its rates, BasisAmount = round2(lines with S at the rate) + round2(charges) - round2(allowances),
 * exactly.
 */
export function ciiBrS08(root: XmlElement, fire: Fire): void {
  for (const tax of select(root, HEADER_TAXES)) {
    for (const code of childrenNamed(tax, ram, 'CategoryCode')) {
      if (code.text !== 'S') continue;
      const basis = childrenNamed(tax, ram, 'BasisAmount').map((b) => parseDecimal(b.text));
      for (const r of childrenNamed(tax, ram, 'RateApplicablePercent')) {
        const rate = parseDecimal(r.text);
        if (rate === undefined) continue;
        const lineTotals: Decimal[] = [];
        for (const settlement of select(root, 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement')) {
          const taxes = childrenNamed(settlement, ram, 'ApplicableTradeTax');
          if (!taxes.some((t) => hasCode(t, 'S')) || !taxes.some((t) => hasRate(t, rate))) continue;
          for (const s of childrenNamed(settlement, ram, 'SpecifiedTradeSettlementLineMonetarySummation'))
            for (const a of childrenNamed(s, ram, 'LineTotalAmount')) {
              const v = parseDecimal(a.text);
              if (v !== undefined) lineTotals.push(v);
            }
        }
        const expected = round2(sum(lineTotals)).plus(acSum(root, true, rate)).minus(acSum(root, false, rate));
        if (!basis.some((b) => b?.eq(expected) === true)) {
          fire(xpathOf(code));
          break;
        }
      }
    }
  }
}

/** `//ram:ApplicableTradeTax` (BR-O-11, BR-O-12) or `//ram:CategoryTradeTax` (BR-O-13, BR-O-14). */
export type OtherThanOScope = 'anyTradeTax' | 'allowanceChargeTax';

/**
 * BR-O-11 .. BR-O-14 in CII, per header tax with CategoryCode 'O' of the VAT scheme: no tax of the
 * scope (BR-O-11/12: any ApplicableTradeTax, header or line; BR-O-13/14: any CategoryTradeTax,
 * allowance or charge alike) with a CategoryCode other than 'O', an invalid or blank-padded one
 * included.
 */
export function ciiNoOtherThanO(root: XmlElement, scope: OtherThanOScope, fire: Fire): void {
  const path = scope === 'anyTradeTax' ? '//ram:ApplicableTradeTax' : ALLOWANCE_TAXES;
  const others = select(root, path).some((t) => childrenNamed(t, ram, 'CategoryCode').some((c) => c.text !== 'O'));
  if (!others) return;
  for (const tax of select(root, '//rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax')) {
    if (!hasCode(tax, 'O')) continue;
    if (!childrenNamed(tax, ram, 'TypeCode').some((t) => t.text.toUpperCase() === 'VAT')) continue;
    fire(xpathOf(tax));
  }
}

/**
 * BR-O-01 in CII: when a header tax has CategoryCode 'O', exactly one does, and some line tax or
 * allowance/charge tax has 'O' too (lines with 'O' and no such header tax pass).
 */
export function ciiBrO01(root: XmlElement, fire: Fire): void {
  const header = countWithCode(root, HEADER_TAXES, 'O');
  if (header === 0) return;
  if (header !== 1 || (countWithCode(root, LINE_TAXES, 'O') === 0 && countWithCode(root, ALLOWANCE_TAXES, 'O') === 0)) fire(xpathOf(root));
}

/** Whether some `ram:CategoryCode` anywhere is exactly the code (`//ram:CategoryCode = 'B'`). */
function anyCategoryCode(root: XmlElement, code: string): boolean {
  return select(root, '//ram:CategoryCode').some((c) => c.text === code);
}

/** BR-B-01 in CII: with a category code 'B' anywhere, no `ram:CountryID` anywhere other than 'IT' (raw text). */
export function ciiBrB01(root: XmlElement, fire: Fire): void {
  if (!anyCategoryCode(root, 'B')) return;
  if (select(root, '//ram:CountryID').some((c) => c.text !== 'IT')) fire(xpathOf(root));
}

/** BR-B-02 in CII: a category code 'B' anywhere and one 'S' anywhere exclude each other (raw text). */
export function ciiBrB02(root: XmlElement, fire: Fire): void {
  if (anyCategoryCode(root, 'B') && anyCategoryCode(root, 'S')) fire(xpathOf(root));
}
