/** CII trade tax and allowance/charge structures. */
import type { VatCategory } from '../model/common';
import type { DocumentAllowanceCharge } from '../model/invoice';
import type { LineAllowanceCharge } from '../model/line';
import { child, childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { booleanOf, decimalOf, textOf } from './terms';

const { ram, udt } = NS;

/** ram:ApplicableTradeTax / ram:CategoryTradeTax to a VatCategory. */
export function mapCiiTaxCategory(el: XmlElement): VatCategory {
  const reasons = childrenNamed(el, ram, 'ExemptionReason');
  const codes = childrenNamed(el, ram, 'CategoryCode');
  const code = textOf(codes[0]);
  const typeCode = child(el, ram, 'TypeCode');
  const taxScheme = textOf(typeCode);
  const cat: VatCategory = {
    loc: xpathOf(el),
    code,
    rate: decimalOf(child(el, ram, 'RateApplicablePercent')),
    taxScheme,
    exemptionReason: textOf(reasons[0]),
    exemptionReasonCount: reasons.length,
    exemptionReasonCode: textOf(child(el, ram, 'ExemptionReasonCode')),
  };
  // The raw texts, kept only where the official rules would see something other than the trimmed code.
  if (codes.length > 1 || (codes.length === 1 && codes[0].text !== code)) cat.codeTexts = codes.map((c) => c.text);
  if (typeCode !== undefined && typeCode.text !== taxScheme) cat.taxSchemeText = typeCode.text;
  return cat;
}

function indicator(el: XmlElement): boolean | undefined {
  return booleanOf(child(child(el, ram, 'ChargeIndicator'), udt, 'Indicator'));
}

export function mapCiiLineAllowanceCharge(el: XmlElement): LineAllowanceCharge {
  return {
    loc: xpathOf(el),
    isCharge: indicator(el),
    amount: decimalOf(child(el, ram, 'ActualAmount')),
    baseAmount: decimalOf(child(el, ram, 'BasisAmount')),
    percentage: decimalOf(child(el, ram, 'CalculationPercent')),
    reason: textOf(child(el, ram, 'Reason')),
    reasonCode: textOf(child(el, ram, 'ReasonCode')),
  };
}

export function mapCiiDocumentAllowanceCharge(el: XmlElement): DocumentAllowanceCharge {
  return {
    ...mapCiiLineAllowanceCharge(el),
    reasonCount: childrenNamed(el, ram, 'Reason').length,
    vatCategories: childrenNamed(el, ram, 'CategoryTradeTax').map(mapCiiTaxCategory),
  };
}
