/** UBL tax categories and allowance/charge structures. */
import type { VatCategory } from '../model/common';
import { child, childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { decimalOf, textOf } from './terms';

const { cac, cbc } = NS;

/** cac:TaxCategory / cac:ClassifiedTaxCategory to a VatCategory. */
export function mapUblTaxCategory(el: XmlElement): VatCategory {
  const reasons = childrenNamed(el, cbc, 'TaxExemptionReason');
  return {
    loc: xpathOf(el),
    code: textOf(child(el, cbc, 'ID')),
    rate: decimalOf(child(el, cbc, 'Percent')),
    taxScheme: textOf(child(child(el, cac, 'TaxScheme'), cbc, 'ID')),
    exemptionReason: textOf(reasons[0]),
    exemptionReasonCount: reasons.length,
    exemptionReasonCode: textOf(child(el, cbc, 'TaxExemptionReasonCode')),
  };
}
