/** UBL cac:InvoiceLine / cac:CreditNoteLine to the canonical InvoiceLine (BG-25). */
import type { InvoiceLine, LineAllowanceCharge, PriceDetails } from '../model/line';
import { child, childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { booleanOf, decimalOf, defined, identifierOf, textOf } from './terms';
import { mapUblTaxCategory } from './ubl-tax';

const { cac, cbc } = NS;

function mapLineAllowanceCharge(el: XmlElement): LineAllowanceCharge {
  return {
    loc: xpathOf(el),
    isCharge: booleanOf(child(el, cbc, 'ChargeIndicator')),
    amount: decimalOf(child(el, cbc, 'Amount')),
    baseAmount: decimalOf(child(el, cbc, 'BaseAmount')),
    percentage: decimalOf(child(el, cbc, 'MultiplierFactorNumeric')),
    reason: textOf(child(el, cbc, 'AllowanceChargeReason')),
    reasonCode: textOf(child(el, cbc, 'AllowanceChargeReasonCode')),
  };
}

function mapPrice(el: XmlElement | undefined): PriceDetails | undefined {
  if (el === undefined) return undefined;
  const ac = child(el, cac, 'AllowanceCharge');
  const base = child(el, cbc, 'BaseQuantity');
  return {
    loc: xpathOf(el),
    netPrice: decimalOf(child(el, cbc, 'PriceAmount')),
    discount: decimalOf(child(ac, cbc, 'Amount')),
    grossPrice: decimalOf(child(ac, cbc, 'BaseAmount')),
    baseQuantity: decimalOf(base, 'unitCode'),
    baseQuantityUnit: base?.attrs['unitCode'],
  };
}

export function mapUblLine(el: XmlElement, quantityName: 'InvoicedQuantity' | 'CreditedQuantity'): InvoiceLine {
  const qty = child(el, cbc, quantityName);
  const itemEl = child(el, cac, 'Item');
  const objectRef = childrenNamed(el, cac, 'DocumentReference').find((d) => textOf(child(d, cbc, 'DocumentTypeCode')) === '130');
  const priceEl = child(el, cac, 'Price');
  return {
    loc: xpathOf(el),
    id: textOf(child(el, cbc, 'ID')),
    notes: defined(childrenNamed(el, cbc, 'Note').map(textOf)),
    objectId: identifierOf(child(objectRef, cbc, 'ID')),
    quantity: decimalOf(qty, 'unitCode'),
    unitCode: qty?.attrs['unitCode'],
    netAmount: decimalOf(child(el, cbc, 'LineExtensionAmount')),
    orderLineRefs: defined(childrenNamed(el, cac, 'OrderLineReference').map((o) => textOf(child(o, cbc, 'LineID')))),
    accountingRef: textOf(child(el, cbc, 'AccountingCost')),
    periods: childrenNamed(el, cac, 'InvoicePeriod').map((p) => ({
      loc: xpathOf(p),
      startDate: textOf(child(p, cbc, 'StartDate')),
      endDate: textOf(child(p, cbc, 'EndDate')),
    })),
    allowanceCharges: childrenNamed(el, cac, 'AllowanceCharge').map(mapLineAllowanceCharge),
    price: mapPrice(priceEl),
    priceDiscountCount: priceEl ? childrenNamed(priceEl, cac, 'AllowanceCharge').filter((a) => child(a, cbc, 'Amount')).length : 0,
    vatCategories: childrenNamed(itemEl, cac, 'ClassifiedTaxCategory').map(mapUblTaxCategory),
    item: itemEl
      ? {
          loc: xpathOf(itemEl),
          name: textOf(child(itemEl, cbc, 'Name')),
          description: textOf(child(itemEl, cbc, 'Description')),
          sellerId: textOf(child(child(itemEl, cac, 'SellersItemIdentification'), cbc, 'ID')),
          buyerId: textOf(child(child(itemEl, cac, 'BuyersItemIdentification'), cbc, 'ID')),
          // Collected over every cac:Item so malformed lines with several items are still checked.
          standardIds: defined(
            childrenNamed(el, cac, 'Item')
              .flatMap((it) => childrenNamed(it, cac, 'StandardItemIdentification'))
              .map((s) => identifierOf(child(s, cbc, 'ID'))),
          ),
          classifications: defined(
            childrenNamed(itemEl, cac, 'CommodityClassification').map((c) => identifierOf(child(c, cbc, 'ItemClassificationCode'), 'listID')),
          ),
          originCountry: textOf(child(child(itemEl, cac, 'OriginCountry'), cbc, 'IdentificationCode')),
          originCountryLoc: (() => {
            const o = child(child(itemEl, cac, 'OriginCountry'), cbc, 'IdentificationCode');
            return o ? xpathOf(o) : undefined;
          })(),
          attributes: childrenNamed(itemEl, cac, 'AdditionalItemProperty').map((a) => ({
            loc: xpathOf(a),
            name: textOf(child(a, cbc, 'Name')),
            value: textOf(child(a, cbc, 'Value')),
          })),
        }
      : undefined,
  };
}
